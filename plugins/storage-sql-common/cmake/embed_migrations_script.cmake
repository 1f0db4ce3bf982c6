# Run with cmake -P: DIRECTORY, OUTPUT, FUNCTION. Pairs NNNN_name.up.sql with NNNN_name.down.sql.
file(GLOB up_files "${DIRECTORY}/*.up.sql")
list(SORT up_files)
set(entries "")
set(literals "")
set(index 0)
foreach(up IN LISTS up_files)
  get_filename_component(file_name "${up}" NAME)
  if(NOT file_name MATCHES "^([0-9]+)_([A-Za-z0-9_]+)\\.up\\.sql$")
    message(FATAL_ERROR "migration file ${file_name}: expected NNNN_name.up.sql")
  endif()
  set(version "${CMAKE_MATCH_1}")
  set(name "${CMAKE_MATCH_2}")
  math(EXPR version_number "${version}")
  set(down "${DIRECTORY}/${version}_${name}.down.sql")
  if(NOT EXISTS "${down}")
    message(FATAL_ERROR "migration ${file_name} has no ${version}_${name}.down.sql: every step must be revertible")
  endif()
  file(READ "${up}" up_sql)
  file(READ "${down}" down_sql)
  foreach(text IN ITEMS "${up_sql}" "${down_sql}")
    string(FIND "${text}" ")vellum_sql\"" clash)
    if(NOT clash EQUAL -1)
      message(FATAL_ERROR "migration ${file_name}: contains the raw-string delimiter )vellum_sql\"")
    endif()
  endforeach()
  string(APPEND literals "constexpr const char kUp${index}[] = R\"vellum_sql(${up_sql})vellum_sql\";\n")
  string(APPEND literals "constexpr const char kDown${index}[] = R\"vellum_sql(${down_sql})vellum_sql\";\n")
  string(APPEND entries "    {${version_number}, \"${name}\", kUp${index}, kDown${index}},\n")
  math(EXPR index "${index} + 1")
endforeach()

string(REGEX REPLACE "::[^:]+$" "" namespace_name "${FUNCTION}")
string(REGEX REPLACE "^.*::" "" function_name "${FUNCTION}")
set(content "// Generated from ${DIRECTORY} by embed_migrations_script.cmake. Do not edit.
#include \"vellum/storage_sql/migration_source.hpp\"

namespace {
${literals}
constexpr vellum::storage_sql::MigrationSource kSteps[] = {
${entries}};
}  // namespace

namespace ${namespace_name} {
vellum::storage_sql::MigrationList ${function_name}() { return kSteps; }
}  // namespace ${namespace_name}
")
# Only touch the file when it changes, so an unchanged migration set does not recompile.
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" previous)
  if(previous STREQUAL content)
    return()
  endif()
endif()
file(WRITE "${OUTPUT}" "${content}")
