#!/usr/bin/env bash
# packages_test.sh BUILD_DIR SYSTEMD_ANALYZE — the Debian packages as an operator meets them: built by
# cpack from BUILD_DIR, checked by lintian, installed on this machine with apt-get (from the .debs
# alone: --no-download), used, partly removed, purged. Every step is timed. The machine is put back
# as it was on any exit (machine.sh), so it refuses to start where Vellum is already installed.
set -euo pipefail
build_dir=$(realpath "$1")
systemd_analyze=$2
here=$(dirname "$(realpath "$0")")
packages=(vellum vellum-postgres vellum-http-providers vellum-dev)
plugin_dir=/usr/lib/vellum/plugins

# /tmp, not $TMPDIR: apt's unprivileged _apt user must read the .debs there, and a TMPDIR under a
# private home (as some CI runners set) would make apt fall back to root with a warning.
work=$(mktemp -d /tmp/vellum-packages.XXXXXX)
# shellcheck source=machine.sh
source "$here/machine.sh"
# shellcheck source=steps.sh
source "$here/steps.sh"
refuse_unless_clean
remember_machine
trap restore_machine EXIT
trap 'exit 143' TERM INT   # so that a stopped test (ctest's timeout, Ctrl-C) restores the machine too

step "cpack builds the packages from the build tree"
cpack --config "$build_dir/CPackConfig.cmake" -B "$work/debs" >"$work/cpack.log" 2>&1 || { cat "$work/cpack.log"; exit 1; }
debs=("$work"/debs/*.deb)
[ "${#debs[@]}" -eq "${#packages[@]}" ] || fail "expected ${#packages[@]} packages, cpack made: ${debs[*]}"
version=$(dpkg-deb -f "$work"/debs/vellum_*.deb Version)

step "lintian reports no error and no warning (overridden tags are explained in the packages)"
# One run that shows the overridden tags too; its exit status would count those as failures.
lintian --show-overrides "${debs[@]}" >"$work/lintian.log" 2>&1 || true
grep -v "running with root privileges" "$work/lintian.log" || true
! grep -q '^[EW]: ' "$work/lintian.log" || fail "lintian reports errors or warnings (above)"
grep -q '^O: ' "$work/lintian.log" || fail "lintian did not run (no overridden tag shown)"

step "apt-get installs the four packages from the .debs alone"
only_packages_to_install "${debs[@]}"
apt_get install "${debs[@]}"

step "the installed binary tells its version"
[ "$(/usr/bin/vellum --version)" = "vellum ${version%-*}" ] || fail "vellum --version: $(/usr/bin/vellum --version)"

step "vellum plugins list finds every installed plugin at its installed path, and only those"
check_plugins_list "$(installed_plugins vellum vellum-postgres vellum-http-providers)"

step "systemd-analyze verifies the installed units and rates the service's exposure"
verify_installed_units

step "vellum serve --config /etc/vellum/vellum.yaml as the service user: create, find, search over HTTP"
serve_and_use_an_article

step "the plugin template builds against the installed vellum-dev alone and the installed vellum loads it"
build_and_load_template

step "without vellum-postgres, storage.backend: postgres names the package to install"
apt_get remove vellum-postgres
check_plugins_list "$(installed_plugins vellum vellum-http-providers)"
postgres_without_its_package

step "purge leaves only the data directory"
dpkg -L vellum vellum-dev vellum-http-providers >"$work/installed-paths"
apt_get purge vellum-dev vellum-http-providers vellum
check_only_data_left

step "done"
