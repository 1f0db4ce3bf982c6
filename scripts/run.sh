#!/usr/bin/env bash
# Installs what is missing, builds, and runs the server on the embedded default:
# SQLite in ./data/vellum.db, the local embedding provider, port 5000. No network needed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" -DVELLUM_TESTS=OFF   # the server and its plugins only
exec "${VELLUM_BUILD_DIR:-$root/build}/bin/vellum" serve "$@"
