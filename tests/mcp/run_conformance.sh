#!/usr/bin/env bash
# The official MCP conformance suite (npm @modelcontextprotocol/conformance, active server suite)
# against mcp_test_server — the production /mcp composition plus the suite's fixture tools,
# resources and prompts, which exist only in the test tree. Failures must match
# conformance-baseline.txt exactly: an unexpected failure fails, and so does a listed scenario
# that now passes (a stale baseline).
#
#   run_conformance.sh SERVER_BINARY NPM_DIR RESULTS_DIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
server_binary="$1"; npm_dir="$2"; results="$3"
source "$here/npm_tools.sh"
ensure_npm_tools "$npm_dir"

rm -rf "$results"; mkdir -p "$results"
start_and_wait_for_port "$results/server" "$server_binary"
trap 'kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true' EXIT

status=0
"$NODE" "$npm_dir/node_modules/@modelcontextprotocol/conformance/dist/index.js" server \
  --url "http://127.0.0.1:$SERVER_PORT/mcp" --expected-failures "$here/conformance-baseline.txt" \
  -o "$results" >"$results/conformance.log" 2>&1 || status=$?
# The summary without colours: one line per scenario, then the totals and the baseline verdict.
sed 's/\x1b\[[0-9;]*m//g' "$results/conformance.log" | sed -n '/=== SUMMARY ===/,$p'
if [[ $status -ne 0 ]]; then
  echo "conformance suite failed (exit $status); full log: $results/conformance.log" >&2
  echo "--- server stderr ---" >&2
  tail -50 "$results/server.err" >&2
fi
exit $status
