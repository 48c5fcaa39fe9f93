#!/bin/sh
# run_seri.sh: skynet.packstring on real skynet and on skyglass, byte for byte.
# Runs seri_vectors.lua as the start service of each and compares the "VEC" lines.
# usage: SKYNET_DIR=/path/to/skynet tests/interop/run_seri.sh [build]
# Without SKYNET_DIR it says so and exits 0 (CI has no skynet).
set -eu
build=${1:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
case $build in /*) skyglass=$build/skyglass ;; *) skyglass=$root/$build/skyglass ;; esac
if [ -z "${SKYNET_DIR:-}" ]; then
	echo "run_seri: SKYNET_DIR not set; skipped"
	exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat >"$work/skynet.config" <<CONF
root = "$SKYNET_DIR/"
thread = 2
harbor = 0
start = "seri_vectors"
bootstrap = "snlua bootstrap"
luaservice = root.."service/?.lua;$root/tests/interop/?.lua"
lualoader = root.."lualib/loader.lua"
lua_path = root.."lualib/?.lua;"..root.."lualib/?/init.lua"
lua_cpath = root.."luaclib/?.so"
cpath = root.."cservice/?.so"
CONF
cat >"$work/skyglass.config" <<CONF
thread = 2
start = "seri_vectors"
luaservice = "$root/tests/interop/?.lua"
CONF

(cd "$SKYNET_DIR" && timeout 30 ./skynet "$work/skynet.config") 2>&1 | grep -o 'VEC .*' >"$work/skynet.txt" || true
timeout 30 "$skyglass" "$work/skyglass.config" 2>&1 | grep -o 'VEC .*' >"$work/skyglass.txt" || true
if ! grep -q "VEC done" "$work/skynet.txt"; then
	echo "run_seri: skynet did not finish"; cat "$work/skynet.txt"; exit 1
fi
if diff "$work/skynet.txt" "$work/skyglass.txt"; then
	echo "run_seri: $(wc -l <"$work/skynet.txt") lines identical on skynet and skyglass"
else
	echo "run_seri: skynet and skyglass differ (< skynet, > skyglass)"; exit 1
fi
