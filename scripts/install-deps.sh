#!/usr/bin/env bash
# Installs every Debian 12 package Vellum needs to build, run and test. Idempotent; needs root (or sudo).
# Nothing else is downloaded at build time. `install-deps.sh build` installs only what building the
# server and its Debian packages needs (packaging/docker/Dockerfile's build stage).
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config
  file help2man                                  # the Debian packages: CPack finds the ELF files, vellum(1) from --help
  libboost1.81-dev libboost-url1.81-dev          # Asio/Beast/DLL headers; 1.81 fixes Asio under C++20 and has Boost.URL
  libboost-json1.81-dev                          # providers' replies: thousands of floats per call, parsed fast
  libsoci-dev libsqlite3-dev libpq-dev           # storage backends
  libyaml-cpp-dev nlohmann-json3-dev             # configuration, JSON
  libcurl4-openssl-dev libssl-dev                # providers over HTTP, hashes and randomness
  libspdlog-dev                                  # logging
  libcmark-gfm-dev libcmark-gfm-extensions-dev   # markdown parsing for the chunker
  libutf8proc-dev libhnswlib-dev                 # Unicode normalisation, approximate vector index
)
[ "${1:-}" = build ] || packages+=(
  catch2 libbenchmark-dev                        # tests and benchmarks
  postgresql postgresql-client                   # PostgreSQL 15 for the postgres backend and its tests
  sqlite3 curl python3                           # used by the tests and the operations guide
  prometheus systemd                             # promtool and systemd-analyze check packaging/ (alert rules, units)
  lintian adduser                                # the Debian packages' test: their lint, their user
  chromium                                       # the web console's browser tests (puppeteer-core drives it)
)

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm fetches Node 22 and the MCP conformance tools for the MCP tests, and puppeteer-core and
# axe-core for the console's browser tests (into the build tree, when those tests first run). Machines that already have a
# Node.js with npm (e.g. from NodeSource) keep it; Debian's npm would replace that Node.js.
[ "${1:-}" = build ] || command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ "${#missing[@]}" -gt 0 ]; then
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # The prometheus package is here for its promtool; on a machine run by systemd its postinst also
  # starts a Prometheus server, which nothing here wants.
  if printf '%s\n' "${missing[@]}" | grep -qx prometheus && [ -d /run/systemd/system ]; then
    "${sudo_cmd[@]}" systemctl disable --now prometheus >/dev/null 2>&1 || true
  fi
fi
