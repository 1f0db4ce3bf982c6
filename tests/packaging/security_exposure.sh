#!/bin/sh
# security_exposure.sh SYSTEMD_ANALYZE VELLUM UNIT MAX — `systemd-analyze security --offline` on the unit
# (pointing at the vellum just built) must rate its exposure at most MAX (0 = fully sandboxed, 10 =
# unprotected). Prints the whole assessment, so a regression shows what opened up.
set -eu
analyze=$1
vellum=$2
unit=$3
max=$4
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
sed "s|/usr/bin/vellum|$vellum|g" "$unit" > "$dir/$(basename "$unit")"
report=$("$analyze" security --offline=true --no-pager "$dir/$(basename "$unit")" 2>&1 || true)
printf '%s\n' "$report"
level=$(printf '%s\n' "$report" | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
[ -n "$level" ] || { echo "no exposure level in the assessment" >&2; exit 1; }
awk -v level="$level" -v max="$max" 'BEGIN { exit !(level <= max) }' || {
  echo "exposure $level is above $max" >&2
  exit 1
}
echo "exposure $level (at most $max)"
