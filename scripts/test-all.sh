#!/usr/bin/env bash
# Installs what is missing, builds, starts a throwaway PostgreSQL 15, and runs every test suite
# (both storage backends). Set VELLUM_SANITIZE=address,undefined for a sanitizer build.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"

# Tests build in their own tree, in Debug (about half the compile time of an optimised build), so
# they never force scripts/run.sh's optimised ./build to rebuild.
build_dir=${VELLUM_BUILD_DIR:-$root/build-tests}
extra=()
if [ -n "${VELLUM_SANITIZE:-}" ]; then
  build_dir=${VELLUM_BUILD_DIR:-$root/build-sanitize}
  extra+=("-DVELLUM_SANITIZE=$VELLUM_SANITIZE")
fi
VELLUM_BUILD_DIR=$build_dir VELLUM_BUILD_TYPE=${VELLUM_BUILD_TYPE:-Debug} "$root/scripts/build.sh" "${extra[@]}"

eval "$("$root/scripts/pg_throwaway.sh" start)"
trap '"$root/scripts/pg_throwaway.sh" stop "$PGROOT"' EXIT

cd "$build_dir"
ctest --output-on-failure --timeout 600 -j"$(nproc)"
