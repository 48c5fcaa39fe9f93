#!/bin/sh
# run_sproto.sh: sprotoparser, sproto encode and sproto.pack on skynet's sproto
# and on skyglass's, byte for byte. sproto_vectors.lua runs under skynet's own Lua
# (with skynet's lualib and luaclib) and as a skyglass service; the "SP" lines must match.
# usage: SKYNET_DIR=/path/to/skynet tests/interop/run_sproto.sh [build]
# Without SKYNET_DIR it says so and exits 0.
set -eu
build=${1:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
case $build in /*) skyglass=$build/skyglass ;; *) skyglass=$root/$build/skyglass ;; esac
if [ -z "${SKYNET_DIR:-}" ]; then
	echo "run_sproto: SKYNET_DIR not set; skipped"
	exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$SKYNET_DIR" && ./3rd/lua/lua -e 'package.path="./lualib/?.lua;"..package.path; package.cpath="./luaclib/?.so"' \
	"$root/tests/interop/sproto_vectors.lua") | grep -o 'SP .*' >"$work/skynet.txt" || true
cat >"$work/skyglass.config" <<CONF
thread = 2
start = "sproto_vectors"
luaservice = "$root/tests/interop/?.lua"
CONF
timeout 30 "$skyglass" "$work/skyglass.config" 2>&1 | grep -o 'SP .*' >"$work/skyglass.txt" || true
if ! grep -q "SP done" "$work/skynet.txt"; then
	echo "run_sproto: skynet's sproto did not finish"; cat "$work/skynet.txt"; exit 1
fi
if diff "$work/skynet.txt" "$work/skyglass.txt"; then
	echo "run_sproto: $(wc -l <"$work/skynet.txt") lines identical on skynet's sproto and skyglass's"
else
	echo "run_sproto: skynet and skyglass differ (< skynet, > skyglass)"; exit 1
fi
