#!/usr/bin/env bash
# Installs Vellum into a temporary prefix, builds the plugin template against that prefix only,
# and checks that the installed `vellum` loads the resulting plugin.
# Usage: build_against_installed_sdk.sh <vellum build dir> <source dir of the consumer project>
set -euo pipefail
build_dir=$1
project_dir=$2
work=$(mktemp -d /tmp/vellum-sdk-consumer.XXXXXX)
trap 'rm -rf "$work"' EXIT

cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
cmake -S "$project_dir" -B "$work/build" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DCMAKE_CXX_FLAGS=-Werror >/dev/null
cmake --build "$work/build" >/dev/null
test -f "$work/build/vellum-embedding-example.so"

mkdir -p "$work/run"
listing=$(cd "$work/run" && VELLUM_PLUGIN_PATH="$work/build" "$work/prefix/bin/vellum" plugins list --json)
echo "$listing" | grep -q '"name": *"example"' || { echo "template plugin not listed:"; echo "$listing"; exit 1; }
echo "$listing" | grep -q '"name": *"local"' || { echo "installed built-in plugins not found:"; echo "$listing"; exit 1; }
echo "out-of-tree plugin built against the installed SDK and loaded by the installed vellum"
