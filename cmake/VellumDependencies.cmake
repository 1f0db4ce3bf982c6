# Every dependency comes from Debian 12 packages (scripts/install-deps.sh); nothing is fetched.
find_package(Threads REQUIRED)
find_package(Boost 1.81 REQUIRED CONFIG COMPONENTS url json)
find_package(yaml-cpp REQUIRED)
find_package(spdlog REQUIRED)
find_package(CURL REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(PostgreSQL REQUIRED)

# SOCI 4.0 on Debian ships neither a CMake package nor a .pc file: import its libraries by hand.
find_path(SOCI_INCLUDE_DIR soci/soci.h REQUIRED)
find_library(SOCI_CORE_LIB NAMES soci_core REQUIRED)
find_library(SOCI_SQLITE3_LIB NAMES soci_sqlite3 REQUIRED)
find_library(SOCI_POSTGRESQL_LIB NAMES soci_postgresql REQUIRED)
add_library(SOCI::core UNKNOWN IMPORTED)
set_target_properties(SOCI::core PROPERTIES IMPORTED_LOCATION "${SOCI_CORE_LIB}"
  INTERFACE_INCLUDE_DIRECTORIES "${SOCI_INCLUDE_DIR}" INTERFACE_LINK_LIBRARIES "${CMAKE_DL_LIBS}")
add_library(SOCI::sqlite3 UNKNOWN IMPORTED)
set_target_properties(SOCI::sqlite3 PROPERTIES IMPORTED_LOCATION "${SOCI_SQLITE3_LIB}"
  INTERFACE_LINK_LIBRARIES "SOCI::core;SQLite::SQLite3")
add_library(SOCI::postgresql UNKNOWN IMPORTED)
set_target_properties(SOCI::postgresql PROPERTIES IMPORTED_LOCATION "${SOCI_POSTGRESQL_LIB}"
  INTERFACE_LINK_LIBRARIES "SOCI::core;PostgreSQL::PostgreSQL")

# Header-only / pkg-less libraries.
find_path(HNSWLIB_INCLUDE_DIR hnswlib/hnswlib.h REQUIRED)
add_library(vellum_hnswlib INTERFACE)
target_include_directories(vellum_hnswlib SYSTEM INTERFACE "${HNSWLIB_INCLUDE_DIR}")

find_path(CMARK_GFM_INCLUDE_DIR cmark-gfm.h REQUIRED)
find_library(CMARK_GFM_LIB NAMES cmark-gfm REQUIRED)
find_library(CMARK_GFM_EXT_LIB NAMES cmark-gfm-extensions REQUIRED)
add_library(vellum_cmark_gfm INTERFACE)
target_include_directories(vellum_cmark_gfm SYSTEM INTERFACE "${CMARK_GFM_INCLUDE_DIR}")
target_link_libraries(vellum_cmark_gfm INTERFACE "${CMARK_GFM_EXT_LIB}" "${CMARK_GFM_LIB}")

find_path(UTF8PROC_INCLUDE_DIR utf8proc.h REQUIRED)
find_library(UTF8PROC_LIB NAMES utf8proc REQUIRED)
add_library(vellum_utf8proc INTERFACE)
target_include_directories(vellum_utf8proc SYSTEM INTERFACE "${UTF8PROC_INCLUDE_DIR}")
target_link_libraries(vellum_utf8proc INTERFACE "${UTF8PROC_LIB}")
