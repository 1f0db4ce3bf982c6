# vellum_embed_migrations(<target> DIRECTORY <dir> FUNCTION <qualified C++ function name>)
#
# Turns <dir>/NNNN_name.up.sql and NNNN_name.down.sql into a generated .cpp compiled into <target>,
# defining `vellum::storage_sql::MigrationList <FUNCTION>()`, so a backend plugin is self-contained.
# The .cpp is regenerated whenever a .sql file changes (and the glob is re-checked at build time).
set(VELLUM_EMBED_MIGRATIONS_SCRIPT "${CMAKE_CURRENT_LIST_DIR}/embed_migrations_script.cmake" CACHE INTERNAL "")

function(vellum_embed_migrations target)
  cmake_parse_arguments(ARG "" "DIRECTORY;FUNCTION" "" ${ARGN})
  file(REAL_PATH "${ARG_DIRECTORY}" ARG_DIRECTORY)
  file(GLOB sql_files CONFIGURE_DEPENDS "${ARG_DIRECTORY}/*.sql")
  if(NOT sql_files)
    message(FATAL_ERROR "vellum_embed_migrations(${target}): no .sql files in ${ARG_DIRECTORY}")
  endif()
  set(output "${CMAKE_CURRENT_BINARY_DIR}/${target}_migrations.cpp")
  add_custom_command(
    OUTPUT "${output}"
    COMMAND ${CMAKE_COMMAND} -DDIRECTORY=${ARG_DIRECTORY} -DOUTPUT=${output} -DFUNCTION=${ARG_FUNCTION}
            -P "${VELLUM_EMBED_MIGRATIONS_SCRIPT}"
    DEPENDS ${sql_files} "${VELLUM_EMBED_MIGRATIONS_SCRIPT}"
    COMMENT "Embedding migrations from ${ARG_DIRECTORY}"
    VERBATIM)
  target_sources(${target} PRIVATE "${output}")
endfunction()
