#!/bin/sh
# run_sproto.sh: sprotoparser, sproto encode and sproto.pack on skynet's sproto
# and on skyglass's, byte for byte. sproto_vectors.lua runs under skynet's own Lua
# (with skynet's lualib and luaclib) and as a skyglass service; the "SP" lines must match.
# usage: SKYNET_DIR=/path/to/skynet tests/interop/run_sproto.sh [build]
# Without SKYNET_DIR it says so and exits 0.
set -eu
. "$(dirname "$0")/interop.sh"
interop_begin run_sproto "$@"
(cd "$SKYNET_DIR" && ./3rd/lua/lua -e 'package.path="./lualib/?.lua;'"$root"'/tests/interop/?.lua;"..package.path; package.cpath="./luaclib/?.so"' \
	"$root/tests/interop/sproto_vectors.lua") | grep -o 'SP .*' >"$work/skynet.txt" || true
interop_skyglass_config sproto_vectors
timeout 30 "$skyglass" "$work/skyglass.config" 2>&1 | grep -o 'SP .*' >"$work/skyglass.txt" || true
interop_compare SP "skynet's sproto and skyglass's"
