#!/usr/bin/env bash
# The TypeScript SDK client against a live `vellum serve` (HTTP, an API key made with `vellum token
# create`) and against `vellum mcp` (stdio), on one fresh data directory.
#
#   run_sdk_e2e.sh VELLUM_BINARY NPM_DIR WORK_DIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
vellum="$1"; npm_dir="$2"; work="$3"
source "$here/npm_tools.sh"
ensure_npm_tools "$npm_dir"

rm -rf "$work"; mkdir -p "$work"
cat >"$work/vellum.yaml" <<YAML
data_dir: $work/data
server:
  host: 127.0.0.1
  port: 0
YAML
# A fresh admin token for this run only (the server refuses to start without one).
export AUTH_TOKEN="e2e-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"

key=$(create_api_key "$vellum" "$work/vellum.yaml" sdk-e2e write)

start_and_wait_for_port "$work/serve" "$vellum" serve --config "$work/vellum.yaml"
trap 'kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true' EXIT

# ES modules resolve packages next to the script, so it runs from the npm directory.
cp "$here/sdk_e2e.mjs" "$npm_dir/sdk_e2e.mjs"
status=0
"$NODE" "$npm_dir/sdk_e2e.mjs" "http://127.0.0.1:$SERVER_PORT/mcp" "$key" "$vellum" "$work/vellum.yaml" || status=$?
if [[ $status -ne 0 ]]; then
  echo "--- vellum serve stderr ---" >&2
  tail -40 "$work/serve.err" >&2
fi
exit $status
