# shellcheck shell=bash disable=SC2154  # work, packages, plugin_dir, systemd_analyze: set by packages_test.sh
# Sourced by packages_test.sh: the checks, one function per step of the test.

step_started=$(date +%s)
step() {
  local now
  now=$(date +%s)
  echo "[$((now - step_started)) s] $*"
}

# The plugin files the given packages installed, sorted.
installed_plugins() {
  dpkg -L "$@" | grep "^$plugin_dir/.*\.so$" | sort
}

# `vellum plugins list --json` run as an operator would (no VELLUM_PLUGIN_PATH, no ./vellum.yaml)
# must list exactly the expected files, searching only the installed directory, refusing nothing.
check_plugins_list() {
  local expected=$1 listing
  listing=$(cd "$work" && env -u VELLUM_PLUGIN_PATH /usr/bin/vellum plugins list --json)
  python3 - "$listing" "$expected" "$plugin_dir" <<'EOF'
import json, sys
listing, expected, plugin_dir = json.loads(sys.argv[1]), sys.argv[2].split(), sys.argv[3]
found = sorted(p["file"] for p in listing["plugins"])
problems = []
if listing["directories"] != [plugin_dir]:
    problems.append(f"searched {listing['directories']}, expected only {plugin_dir}")
if found != sorted(expected):
    problems.append(f"found {found}, expected {sorted(expected)}")
if listing["refused"]:
    problems.append(f"refused: {listing['refused']}")
if problems:
    sys.exit("vellum plugins list: " + "; ".join(problems))
print("  " + ", ".join(f"{p['slot']}/{p['name']}" for p in listing["plugins"]))
EOF
}

# verify checks each unit as installed (User=vellum exists now, ExecStart's binary too); a template
# unit is verified through an instance of it. The exposure must stay where tests/packaging holds it.
verify_installed_units() {
  local units=/lib/systemd/system report level
  mkdir "$work/units"
  ln -s "$units/vellum@.service" "$work/units/vellum@demo.service"
  "$systemd_analyze" verify "$units/vellum.service" "$units/vellum-backup.service" "$units/vellum-backup.timer" \
    "$work/units/vellum@demo.service"
  report=$("$systemd_analyze" security --offline=true --no-pager "$units/vellum.service" 2>&1 || true)
  level=$(printf '%s\n' "$report" | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
  [ -n "$level" ] || { printf '%s\n' "$report"; fail "no exposure level in the assessment"; }
  echo "  systemd-analyze security: overall exposure $level for the installed vellum.service"
  awk -v level="$level" 'BEGIN { exit !(level <= 2.0) }' || fail "exposure $level is above 2.0"
}

http() {
  curl -sS --noproxy '*' --max-time 30 -H "Authorization: Bearer $token" "$@"
}

# Becomes a command run as the service's user in its working directory with a clean environment, as
# systemd would start it. Call it in a subshell: ( as_service … ) & gives the command's own process id.
as_service() {
  cd /var/lib/vellum && exec setpriv --reuid=vellum --regid=vellum --clear-groups -- env -i PATH=/usr/bin:/bin "$@"
}

# The service's own way to start, minus systemd: its user, its working directory, its configuration.
# Only the address is overridden (a free port on loopback), through the environment.
serve_and_use_an_article() {
  (as_service VELLUM_SERVER__HOST=127.0.0.1 VELLUM_SERVER__PORT=0 /usr/bin/vellum serve \
    --config /etc/vellum/vellum.yaml) >"$work/serve.log" 2>&1 &
  server_pid=$!
  local port=""
  for _ in $(seq 300); do
    port=$(sed -n 's/.*listening on [^ ]*:\([0-9]*\) .* in [0-9]* ms$/\1/p' "$work/serve.log" | head -n 1)
    [ -n "$port" ] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.log"; fail "vellum serve exited"; }
    sleep 0.1
  done
  [ -n "$port" ] || { cat "$work/serve.log"; fail "vellum serve did not listen within 30 s"; }
  token=$(cat /var/lib/vellum/admin-token)
  local base="http://127.0.0.1:$port"
  http -f -X POST "$base/api/articles" -H 'Content-Type: application/json' \
    -d '{"title":"Lighthouse keeping","content":"The keeper trims the wick at dusk and logs the tides."}' >/dev/null ||
    fail "POST /api/articles"
  http -f "$base/api/articles" | grep -q '"Lighthouse keeping"' || fail "GET /api/articles does not list the article"
  http -f "$base/api/search?query=wick&mode=keyword" | grep -q '"Lighthouse keeping"' ||
    fail "keyword search does not find the article"
  echo "  created, listed and found by keyword search on port $port"
  local db=/var/lib/vellum/vellum.db
  [ "$(stat -c '%U %a' "$db")" = "vellum 600" ] || fail "$db is $(stat -c '%U %a' "$db"), expected vellum 600"
  [ "$(ps -o user= -o comm= -p "$server_pid" | xargs)" = "vellum vellum" ] || fail "process $server_pid is not the server"
  kill -TERM "$server_pid"
  wait "$server_pid" || { cat "$work/serve.log"; fail "vellum serve did not stop cleanly"; }
  server_pid=""
}

# The template copied out of /usr/share, built with nothing but what the packages installed, then
# built into a provider and health-checked by the installed vellum (config check --probe).
build_and_load_template() {
  cp -r /usr/share/vellum/plugin-template "$work/template"
  cmake -S "$work/template" -B "$work/template/build" -DCMAKE_CXX_FLAGS=-Werror >"$work/template.log" 2>&1 &&
    cmake --build "$work/template/build" >>"$work/template.log" 2>&1 || { cat "$work/template.log"; fail "template build"; }
  mkdir -m 0700 "$work/probe"
  printf 'data_dir: %s\nembedding:\n  provider: example\n' "$work/probe/data" >"$work/probe/vellum.yaml"
  (cd "$work/probe" && VELLUM_PLUGIN_PATH="$work/template/build" /usr/bin/vellum config check --probe \
    --config "$work/probe/vellum.yaml") >"$work/probe.log" 2>&1 || { cat "$work/probe.log"; fail "probe of the template"; }
  echo "  vellum-embedding-example.so built and probed healthy"
}

postgres_without_its_package() {
  local out
  if out=$(cd "$work" && VELLUM_STORAGE__BACKEND=postgres /usr/bin/vellum config check --config /etc/vellum/vellum.yaml 2>&1); then
    fail "config check accepted storage.backend: postgres without its plugin"
  fi
  echo "  config check: $out"
  grep -q "apt install vellum-postgres" <<<"$out" || fail "the error does not name the package vellum-postgres"
  if out=$(as_service VELLUM_STORAGE__BACKEND=postgres timeout 30 /usr/bin/vellum serve \
    --config /etc/vellum/vellum.yaml 2>&1); then   # $( ) is a subshell already
    fail "vellum serve started with storage.backend: postgres without its plugin"
  fi
  grep -q "apt install vellum-postgres" <<<"$out" || { echo "$out"; fail "serve's error does not name vellum-postgres"; }
}

# Every path the packages installed is gone (directories they shared with others aside), and so is
# /etc/vellum; the data directory stays.
check_only_data_left() {
  local p path
  for p in "${packages[@]}"; do
    ! dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qv '^not-installed$' ||
      fail "$p is still known to dpkg: $(dpkg-query -W -f='${db:Status-Status}' "$p")"
  done
  while read -r path; do
    [ -e "$path" ] || continue
    [ -d "$path" ] && [ -n "$(ls -A "$path")" ] && continue   # shared with other packages (/usr/share/doc)
    fail "$path is left after purge"
  done <"$work/installed-paths"
  [ ! -e /etc/vellum ] || fail "/etc/vellum is left after purge: $(ls -A /etc/vellum)"
  [ -f /var/lib/vellum/vellum.db ] || fail "purge removed the data in /var/lib/vellum"
  echo "  left: /var/lib/vellum ($(ls /var/lib/vellum | tr '\n' ' '))"
}
