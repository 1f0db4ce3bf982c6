# Files the packages derive from the source tree at configure time, so each fact keeps one home:
# the system configuration from config/vellum.yaml, the instance unit from vellum.service.

# vellum_replace_once(<var> <old> <new>): replaces the one occurrence of <old>, or stops the
# configure step when the source no longer has it exactly once (the derived file would drift).
function(vellum_replace_once var old new)
  string(FIND "${${var}}" "${old}" first)
  string(FIND "${${var}}" "${old}" last REVERSE)
  if(first EQUAL -1 OR NOT first EQUAL last)
    message(FATAL_ERROR "packaging: expected exactly one '${old}' in the file it derives from")
  endif()
  string(REPLACE "${old}" "${new}" result "${${var}}")
  set(${var} "${result}" PARENT_SCOPE)
endfunction()

# The documented default configuration with its data in /var/lib/vellum, the service's state directory.
function(vellum_system_config source output)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${source}")
  file(READ "${source}" text)
  vellum_replace_once(text
    "# Database, vector index and the generated admin token. Left commented so the default stays \"./data
# under the directory vellum is started in\" wherever this file is installed; set it for a real deployment.
# data_dir: ./data
"
    "# Database, vector index and the generated admin token (<data_dir>/admin-token): the state
# directory of vellum.service, owned by the vellum user.
data_dir: /var/lib/vellum
")
  file(WRITE "${output}" "# /etc/vellum/vellum.yaml — the configuration of the system service (vellum.service).
# It is Vellum's documented default with its data in /var/lib/vellum; dpkg keeps your edits on
# upgrades. After an edit: vellum config check --config /etc/vellum/vellum.yaml; systemctl reload vellum
#
${text}")
endfunction()

# vellum@.service: vellum.service for /etc/vellum/<instance>.yaml with its data in /var/lib/vellum/<instance>.
function(vellum_instance_unit source output)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${source}")
  file(READ "${source}" text)
  vellum_replace_once(text "Description=Vellum knowledge store for AI agents"
                           "Description=Vellum knowledge store for AI agents (%i)")
  vellum_replace_once(text "ExecStart=/usr/bin/vellum serve --config /etc/vellum/vellum.yaml"
                           "ExecStart=/usr/bin/vellum serve --config /etc/vellum/%i.yaml")
  vellum_replace_once(text "ExecReload=/usr/bin/vellum reload --config /etc/vellum/vellum.yaml"
                           "ExecReload=/usr/bin/vellum reload --config /etc/vellum/%i.yaml")
  # The environment wins over the file: two instances can never share one database by a copied data_dir.
  vellum_replace_once(text "WorkingDirectory=/var/lib/vellum\n"
                           "WorkingDirectory=/var/lib/vellum/%i\nEnvironment=VELLUM_DATA_DIR=/var/lib/vellum/%i\n")
  vellum_replace_once(text "StateDirectory=vellum\n" "StateDirectory=vellum/%i\n")
  file(WRITE "${output}" "# vellum@.service — one more Vellum server per /etc/vellum/<instance>.yaml, its data in
# /var/lib/vellum/<instance> (VELLUM_DATA_DIR); give each instance its own server.port:
#   cp /etc/vellum/vellum.yaml /etc/vellum/team2.yaml && systemctl enable --now vellum@team2
# Generated from vellum.service (packaging/cmake/VellumPackagingFiles.cmake); its notes follow.
#
${text}")
endfunction()

# gzip -9n: maximum compression and no name or time stamp in the header, as Debian wants for
# changelogs (lintian checks both).
function(vellum_gzip input output)
  execute_process(COMMAND gzip -9n -c "${input}" OUTPUT_FILE "${output}" COMMAND_ERROR_IS_FATAL ANY)
endfunction()
