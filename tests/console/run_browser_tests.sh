#!/usr/bin/env bash
# The console's browser tests: a fresh `vellum serve` on a free loopback port with a generated admin
# token and a read-only API key (no secret lives in the repository), then console_browser_test.mjs
# in Debian's chromium. Node 22, puppeteer-core and axe-core come from npm, pinned by
# package-lock.json, installed into the build tree on the first run (never into the repository,
# never at build time); no browser is downloaded.
#
#   run_browser_tests.sh VELLUM_BINARY NPM_DIR WORK_DIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
vellum="$1"; npm_dir="$2"; work="$3"
source "$here/../mcp/npm_tools.sh"   # install_once, create_api_key, start_and_wait_for_port

chromium=${CHROMIUM:-/usr/bin/chromium}
if [[ ! -x "$chromium" ]]; then
  echo "SKIPPED: $chromium is missing (scripts/install-deps.sh installs Debian's chromium)" >&2
  exit 77
fi

# puppeteer-core downloads no browser; PUPPETEER_SKIP_DOWNLOAD is belt and braces.
install_once "$npm_dir" "$(md5sum <"$here/package-lock.json" | cut -c1-12)" \
  bash -c "cp '$here/package.json' '$here/package-lock.json' . && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error"

rm -rf "$work"; mkdir -p "$work"
cat >"$work/vellum.yaml" <<YAML
data_dir: $work/data
server:
  host: 127.0.0.1
  port: 0
  # The test drives the console quickly and creates 1,000 articles over REST: no rate limits here.
  rate_limit_general: 0
  rate_limit_public: 0
queue:
  strategy: background
  background:
    worker_interval_ms: 1000
    poll_interval_ms: 200
YAML
# A fresh admin token for this run only.
export AUTH_TOKEN="console-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
read_only_key=$(create_api_key "$vellum" "$work/vellum.yaml" console-read-only read-only)

start_and_wait_for_port "$work/serve" "$vellum" serve --config "$work/vellum.yaml"
trap 'kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true' EXIT

# ES modules resolve packages next to the script, so it runs from the npm directory.
cp "$here/console_browser_test.mjs" "$npm_dir/"
status=0
CHROMIUM="$chromium" "$NODE" "$npm_dir/console_browser_test.mjs" "http://127.0.0.1:$SERVER_PORT" "$AUTH_TOKEN" \
  "$read_only_key" "$work/artifacts" || status=$?
if [[ $status -ne 0 ]]; then
  echo "--- vellum serve stderr (last 40 lines) ---" >&2
  tail -40 "$work/serve.err" >&2
fi
exit $status
