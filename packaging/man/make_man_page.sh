#!/usr/bin/env bash
# make_man_page.sh VELLUM OUTPUT.1.gz — vellum(1) from the binary's own help, so the page cannot drift
# from the program: help2man turns `vellum --help` into the synopsis and description, and a COMMANDS
# section carries each command's `--help` (with its exit codes) verbatim.
set -euo pipefail
vellum=$1
output=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The overview prints each command's words padded to 24 columns after two spaces, or followed by a
# single space when they are longer ("queue wait-for-completion wait until …").
command_of() {
  local rest=${1:2}
  if [ "${rest:23:1}" = " " ]; then
    echo "${rest:0:24}" | sed 's/ *$//'
  else
    local tail=${rest:24}
    echo "${rest:0:24}${tail%% *}"
  fi
}

{
  echo "[COMMANDS]"
  "$vellum" --help | sed -n '/^commands:$/,/^$/p' | sed '1d;$d' | while IFS= read -r line; do
    command=$(command_of "$line")
    [ -n "$command" ] || { echo "no help found for the overview line: $line" >&2; exit 1; }
    echo ".SS \"vellum $command\""
    echo ".nf"
    # Roff reads a leading dot or quote as a request, and a backslash as an escape.
    "$vellum" $command --help | sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"
    echo ".fi"
  done
  echo "[FILES]"
  echo ".TP"
  echo ".I /etc/vellum/vellum.yaml"
  echo "the configuration of the system service (vellum.service); data in /var/lib/vellum"
  echo ".TP"
  echo ".I /usr/share/doc/vellum/"
  echo "the operations guide, security notes and configuration examples"
} >"$work/commands.h2m"

# help2man documents the program it runs by the name it was given: name it vellum.
ln -s "$(realpath "$vellum")" "$work/vellum"
help2man --no-info --locale C.UTF-8 --section 1 --name "self-hosted knowledge store for AI agents" \
  --include "$work/commands.h2m" --output "$work/vellum.1" "$work/vellum"
gzip -9n -c "$work/vellum.1" >"$output"
