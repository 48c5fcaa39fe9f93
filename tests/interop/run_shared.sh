#!/bin/sh
# run_shared.sh: datacenter, sharedata, sharetable and multicast on a real skynet
# and on skyglass; shared_state.lua prints what a user sees as "SS" lines, and
# the two runs must print the same lines.
# usage: SKYNET_DIR=/path/to/skynet tests/interop/run_shared.sh [build]
# Without SKYNET_DIR it says so and exits 0.
set -eu
build=${1:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
case $build in /*) skyglass=$build/skyglass ;; *) skyglass=$root/$build/skyglass ;; esac
if [ -z "${SKYNET_DIR:-}" ]; then
	echo "run_shared: SKYNET_DIR not set; skipped"
	exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/skynet.config" <<CONF
root = "$SKYNET_DIR/"
thread = 2
harbor = 0
start = "shared_state"
sharemap_proto = "$root/tests/lua/sharemap/foobar.sproto"
bootstrap = "snlua bootstrap"
luaservice = root.."service/?.lua;$root/tests/interop/?.lua"
lualoader = root.."lualib/loader.lua"
lua_path = root.."lualib/?.lua;"..root.."lualib/?/init.lua"
lua_cpath = root.."luaclib/?.so"
cpath = root.."cservice/?.so"
CONF
cat >"$work/skyglass.config" <<CONF
thread = 2
start = "shared_state"
sharemap_proto = "$root/tests/lua/sharemap/foobar.sproto"
luaservice = "$root/tests/interop/?.lua"
CONF
(cd "$SKYNET_DIR" && timeout 30 ./skynet "$work/skynet.config") 2>&1 | grep -o 'SS .*' >"$work/skynet.txt" || true
timeout 30 "$skyglass" "$work/skyglass.config" 2>&1 | grep -o 'SS .*' >"$work/skyglass.txt" || true
if ! grep -q "SS done" "$work/skynet.txt"; then
	echo "run_shared: the skynet run did not finish"; cat "$work/skynet.txt"; exit 1
fi
if diff "$work/skynet.txt" "$work/skyglass.txt"; then
	echo "run_shared: $(wc -l <"$work/skynet.txt") lines identical on skynet and skyglass"
else
	echo "run_shared: skynet and skyglass differ (< skynet, > skyglass)"; exit 1
fi
