#!/usr/bin/env bash
# smoke-test.sh IMAGE — runs the image as compose would (a data volume, settings from the
# environment and from a mounted YAML file) and checks what the Dockerfile promises: a non-root
# user, the health check, an article created, found and searched over HTTP, the data in the volume.
# Not part of ctest (it needs a container engine and an image): run it by hand after a build, e.g.
#   CONTAINER_ENGINE="podman --runtime runc" packaging/docker/smoke-test.sh vellum:test
set -euo pipefail
image=$1
read -r -a engine <<<"${CONTAINER_ENGINE:-docker}"
name=vellum-smoke-$$
volume=vellum-smoke-data-$$
work=$(mktemp -d)
cleanup() {
  "${engine[@]}" rm -f "$name" >/dev/null 2>&1 || true
  "${engine[@]}" volume rm -f "$volume" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAILED: $*" >&2; "${engine[@]}" logs "$name" >&2 || true; exit 1; }

port=$((20000 + RANDOM % 20000))
token=smoke-test-admin-token-$$
# A mounted file sets the log format; the environment sets the port and the admin token.
printf 'data_dir: /var/lib/vellum\nlog:\n  format: json\n' >"$work/vellum.yaml"
chmod 0644 "$work/vellum.yaml"
"${engine[@]}" run -d --name "$name" --network=host -v "$volume:/var/lib/vellum" \
  -v "$work/vellum.yaml:/etc/vellum/vellum.yaml:ro" -e VELLUM_SERVER__PORT="$port" -e AUTH_TOKEN="$token" \
  "$image" >/dev/null

[ "$("${engine[@]}" exec "$name" id -un)" = vellum ] || fail "the container does not run as vellum"
for _ in $(seq 60); do
  "${engine[@]}" healthcheck run "$name" >/dev/null 2>&1 && break
  sleep 1
done
"${engine[@]}" healthcheck run "$name" >/dev/null 2>&1 || fail "the health check does not pass"
echo "healthy, running as vellum on port $port"

base=http://127.0.0.1:$port
http() { curl -fsS --noproxy '*' --max-time 30 -H "Authorization: Bearer $token" "$@"; }
http -X POST "$base/api/articles" -H 'Content-Type: application/json' \
  -d '{"title":"Container notes","content":"The harbour crane lifts containers at dawn."}' >/dev/null
http "$base/api/articles" | grep -q '"Container notes"' || fail "the article is not listed"
http "$base/api/search?query=crane&mode=keyword" | grep -q '"Container notes"' || fail "keyword search misses it"
logs=$("${engine[@]}" logs "$name" 2>&1)
grep -q '^{"level":"info","msg":"vellum .* listening on' <<<"$logs" || fail "the mounted file's log.format: json was not applied"
"${engine[@]}" exec "$name" test -s /var/lib/vellum/vellum.db || fail "no database in the volume"
echo "article created, listed and found; JSON logs from the mounted file; database in the volume"
