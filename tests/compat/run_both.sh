#!/bin/sh
# run_both.sh: run one skynet test service on skynet and on skyglass, and diff
# what each logs once addresses, pointers, paths and times are masked.
#
#   tests/compat/run_both.sh [-t seconds] [-k] NAME [args...]
#
# NAME is a service found in $SKYNET_DIR/test or examples (SKYNET_DIR: a built
# skynet checkout, as for `make bench`). Both runtimes get the same small config: harbor 0, two
# threads, the test as `start`; skyglass gets only its own lualib (so a module it
# lacks shows up as missing) and skynet's test/ and examples/ folders as services.
# Each run is stopped after `seconds` (default 5): most of skynet's tests never exit.
# -k keeps the raw and masked logs in $OUT (default /tmp/compat.NAME).
# Exit status: 0 when the masked logs are the same, 1 when they differ.
set -u
secs=5
keep=0
while [ $# -gt 0 ]; do
	case "$1" in
	-t) secs=$2; shift 2 ;;
	-k) keep=1; shift ;;
	*) break ;;
	esac
done
[ $# -ge 1 ] || { echo "usage: $0 [-t seconds] [-k] NAME [args...]" >&2; exit 2; }
name=$1; shift
args="$*"
here=$(cd "$(dirname "$0")/../.." && pwd)
ref=${SKYNET_DIR:-}
[ -x "$ref/skynet" ] || { echo "$0: set SKYNET_DIR to a built skynet checkout (no skynet binary in '$ref')" >&2; exit 2; }
sg=${SKYGLASS:-$here/build/skyglass}
out=${OUT:-/tmp/compat.$name}
mkdir -p "$out"
start="$name"
[ -n "$args" ] && start="$name $args"

# What both configs share: the test folders as services, snax files there too.
common="harbor = 0
thread = 2
start = \"$start\"
snax = \"$ref/examples/?.lua;$ref/test/?.lua\"
"
cat > "$out/skynet.conf" <<CONF
$common
root = "$ref/"
bootstrap = "snlua bootstrap"
cpath = root.."cservice/?.so"
luaservice = root.."service/?.lua;"..root.."test/?.lua;"..root.."examples/?.lua;"..root.."test/?/init.lua"
lualoader = root.."lualib/loader.lua"
lua_path = root.."lualib/?.lua;"..root.."lualib/?/init.lua"
lua_cpath = root.."luaclib/?.so"
CONF
cat > "$out/skyglass.conf" <<CONF
$common
luaservice = "$ref/test/?.lua;$ref/examples/?.lua;$ref/test/?/init.lua"
lua_path = "$ref/test/?.lua;$ref/examples/?.lua"
CONF

# Masks: service addresses, Lua pointers, numbers of two digits or more (ticks,
# times, sizes), the runtimes' own frames in tracebacks, and the boot lines each
# runtime prints. What is left is what a program would see differ.
mask() {
	sed -E \
		-e 's/\[:[0-9a-f]{8}\]/[:ADDR]/g' \
		-e 's/:[0-9a-f]{8}\b/:ADDR/g' \
		-e 's/0x[0-9a-f]+/0xPTR/g' \
		-e "s#$ref/##g" \
		-e "s#$here/##g" \
		-e 's#(lualib|lua/lualib|service|lua/service)/([a-z/_]+)\.lua:[0-9]+#LIB/\2.lua:N#g' \
		-e 's/\b[0-9]{2,}(\.[0-9]+)?\b/NN/g' \
		"$1" | grep -Ev 'LAUNCH (logger|snlua (bootstrap|launcher|cdummy|datacenterd|service_mgr)|harbor 0)' \
		| grep -Ev '^\[:ADDR\] (trace|SIGINT|SIGTERM|skyglass)' \
		| grep -Ev '^	(LIB/|\[C\]: in .*xpcall)'
}

(cd "$ref" && timeout "$secs" ./skynet "$out/skynet.conf" > "$out/skynet.raw" 2>&1)
(cd "$ref" && timeout "$secs" "$sg" "$out/skyglass.conf" > "$out/skyglass.raw" 2>&1)
mask "$out/skynet.raw" > "$out/skynet.log"
mask "$out/skyglass.raw" > "$out/skyglass.log"
if diff -u "$out/skynet.log" "$out/skyglass.log" > "$out/diff"; then
	echo "same: $name"
	status=0
else
	echo "different: $name ($(grep -c '^[-+][^-+]' "$out/diff") lines)"
	status=1
fi
[ $keep -eq 1 ] || true
exit $status
