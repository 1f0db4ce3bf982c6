# CPack: one Debian package per component, dependencies from dpkg-shlibdeps plus the exact vellum
# version the plugin packages and the SDK were built with (the plugin ABI is checked at load time;
# the package manager should not let them drift apart in the first place).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME vellum)
set(CPACK_PACKAGE_VENDOR "Vellum maintainers")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
# Each component's description starts with its own synopsis; CPack would put this one above them all.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)             # the Debug test tree too: lintian refuses unstripped binaries
set(CPACK_COMPONENTS_ALL vellum vellum-postgres vellum-http-providers vellum-dev)
set(CPACK_DEB_COMPONENT_INSTALL ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)   # <name>_<version>-<release>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_RELEASE ${VELLUM_DEB_RELEASE})
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${VELLUM_DEB_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SECTION database)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)   # 0755 scripts, 0644 conffiles
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
set(same_vellum "vellum (= ${VELLUM_DEB_VERSION})")

set(CPACK_DEBIAN_VELLUM_PACKAGE_NAME vellum)
set(CPACK_DEBIAN_VELLUM_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_VELLUM_PACKAGE_SUGGESTS "vellum-postgres, vellum-http-providers")
set(CPACK_DEBIAN_VELLUM_PACKAGE_CONTROL_EXTRA
  ${deb_dir}/conffiles ${deb_dir}/postinst ${deb_dir}/prerm ${deb_dir}/postrm)
set(CPACK_COMPONENT_VELLUM_DESCRIPTION "self-hosted knowledge store for AI agents
Vellum keeps markdown articles with folders and version history, searchable
by keyword, by meaning and both, over a REST API and as an MCP server. Every
change is embedded in the background by a durable queue.
.
This package holds the server, the plugins of the embedded default (SQLite
storage, the offline local embedding provider, the background and the
synchronous queue strategies), the systemd units and /etc/vellum/vellum.yaml.")

set(CPACK_DEBIAN_VELLUM-POSTGRES_PACKAGE_NAME vellum-postgres)
set(CPACK_DEBIAN_VELLUM-POSTGRES_PACKAGE_DEPENDS "${same_vellum}")
set(CPACK_COMPONENT_VELLUM-POSTGRES_DESCRIPTION "PostgreSQL storage backend for Vellum
The storage plugin for storage.backend: postgres. Several Vellum servers can
share one PostgreSQL database: workers claim tasks with FOR UPDATE SKIP LOCKED
and leases, and each server follows the others' writes.")

set(CPACK_DEBIAN_VELLUM-HTTP-PROVIDERS_PACKAGE_NAME vellum-http-providers)
set(CPACK_DEBIAN_VELLUM-HTTP-PROVIDERS_PACKAGE_DEPENDS "${same_vellum}")
set(CPACK_COMPONENT_VELLUM-HTTP-PROVIDERS_DESCRIPTION "Ollama and OpenAI embedding providers for Vellum
The embedding plugins for embedding.provider: ollama (POST /api/embed) and
openai (POST /v1/embeddings, also for servers compatible with its API), over
HTTP with libcurl: batched within the provider's limits, rate-limited and
retried by the error's classification.")

set(CPACK_DEBIAN_VELLUM-DEV_PACKAGE_NAME vellum-dev)
set(CPACK_DEBIAN_VELLUM-DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_VELLUM-DEV_PACKAGE_DEPENDS "${same_vellum}, cmake (>= 3.22), g++ (>= 4:12)")
set(CPACK_COMPONENT_VELLUM-DEV_DESCRIPTION "plugin SDK for Vellum
The headers of Vellum's plugin SDK, its CMake package
(find_package(vellum-sdk), vellum_add_plugin()) and a plugin template in
/usr/share/vellum/plugin-template that builds out of tree and loads into the
installed vellum.")

include(CPack)
