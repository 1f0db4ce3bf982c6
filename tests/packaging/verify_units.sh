#!/bin/sh
# verify_units.sh SYSTEMD_ANALYZE VELLUM UNIT... — systemd-analyze verify checks that ExecStart's
# program exists, so the units are verified as installed but pointing at the vellum just built. A
# template unit (vellum@.service) is verified as an instance of it.
set -eu
analyze=$1
vellum=$2
shift 2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for unit in "$@"; do
  name=$(basename "$unit" | sed 's/@\.service$/@verify.service/')
  sed "s|/usr/bin/vellum|$vellum|g" "$unit" > "$dir/$name"
done
cd "$dir"
exec "$analyze" verify ./*
