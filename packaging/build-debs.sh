#!/usr/bin/env bash
# build-debs.sh [OUTPUT_DIR] — release Debian packages: an optimised tree without the tests
# (./build-release, or $VELLUM_BUILD_DIR), compiled with Debian's hardening flags (dpkg-buildflags:
# fortify, stack protector, relro, bindnow), then cpack into OUTPUT_DIR (default ./debs).
# The test tree makes the same packages in its test (tests/packaging/debs) without a second build.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(mkdir -p "${1:-$root/debs}" && cd "${1:-$root/debs}" && pwd)
build_dir=${VELLUM_BUILD_DIR:-$root/build-release}

# Read by CMake when it first configures a tree.
export DEB_BUILD_MAINT_OPTIONS=hardening=+all
CXXFLAGS="$(dpkg-buildflags --get CXXFLAGS) $(dpkg-buildflags --get CPPFLAGS)"
LDFLAGS=$(dpkg-buildflags --get LDFLAGS)
export CXXFLAGS LDFLAGS
VELLUM_BUILD_DIR=$build_dir VELLUM_BUILD_TYPE=RelWithDebInfo "$root/scripts/build.sh" -DVELLUM_TESTS=OFF
cpack --config "$build_dir/CPackConfig.cmake" -B "$out"
rm -rf "$out/_CPack_Packages"
ls -1 "$out"/*.deb
