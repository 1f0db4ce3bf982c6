# shellcheck shell=bash disable=SC2154  # work, packages, plugin_dir, systemd_analyze: set by packages_test.sh
# Sourced by packages_test.sh: what the test changes on the machine, and putting it back. It installs
# packages (and whatever they pulled in), creates the vellum user and /var/lib/vellum, and starts a
# server; restore_machine undoes all of it, also after a failure halfway.

fail() {
  echo "FAILED: $*" >&2
  exit 1
}

apt_get() {
  DEBIAN_FRONTEND=noninteractive apt-get -y -q -o DPkg::Lock::Timeout=300 "$@" >"$work/apt.log" 2>&1 ||
    { cat "$work/apt.log" >&2; fail "apt-get $*"; }
}

# The test needs no network: every dependency must be installed already (scripts/install-deps.sh),
# so apt-get has nothing to fetch. (apt-get --no-download refuses local .deb files.)
only_packages_to_install() {
  local new
  new=$(apt-get install -s -o DPkg::Lock::Timeout=300 "$@" 2>&1 | sed -n 's/^Inst \([^ ]*\) .*/\1/p' | sort | xargs)
  [ "$new" = "$(printf '%s\n' "${packages[@]}" | sort | xargs)" ] ||
    fail "apt-get would install $new: the packages' dependencies should already be here (scripts/install-deps.sh)"
}

# A machine that has Vellum (or its user, configuration or data) would lose it at the clean-up.
refuse_unless_clean() {
  local p
  for p in "${packages[@]}"; do
    if dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qv '^not-installed$'; then
      fail "package $p is on this machine; this test installs and purges Vellum's packages"
    fi
  done
  ! getent passwd vellum >/dev/null || fail "user vellum exists; this test creates and deletes it"
  ! getent group vellum >/dev/null || fail "group vellum exists; this test creates and deletes it"
  [ ! -e /var/lib/vellum ] || fail "/var/lib/vellum exists; this test creates and deletes it"
  [ ! -e /etc/vellum ] || fail "/etc/vellum exists; this test creates and deletes it"
}

remember_machine() {
  dpkg-query -W -f='${Package}\n' | sort >"$work/packages.before"
}

restore_machine() {
  local status=$?
  set +e
  if [ -n "${server_pid:-}" ]; then
    kill "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
  fi
  local installed=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qv '^not-installed$' && installed+=("$p")
  done
  [ "${#installed[@]}" -eq 0 ] ||
    DEBIAN_FRONTEND=noninteractive apt-get purge -y -q -o DPkg::Lock::Timeout=300 "${installed[@]}" >/dev/null 2>&1
  # Whatever the packages pulled in (nothing on a machine set up by scripts/install-deps.sh).
  local pulled
  pulled=$(dpkg-query -W -f='${Package}\n' | sort | comm -13 "$work/packages.before" -)
  if [ -n "$pulled" ]; then
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get purge -y -q -o DPkg::Lock::Timeout=300 $pulled >/dev/null 2>&1
  fi
  getent passwd vellum >/dev/null && deluser --quiet --system vellum >/dev/null 2>&1
  getent group vellum >/dev/null && delgroup --quiet --system vellum >/dev/null 2>&1
  rm -rf /var/lib/vellum /etc/vellum "$work"
  exit "$status"
}
