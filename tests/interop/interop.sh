# interop.sh: sourced by the run_*.sh scripts here; what every skynet-against-skyglass
# comparison shares: where the two runtimes are, the skip without SKYNET_DIR, the two
# configs, and the line-by-line comparison.
#   interop_begin NAME [build]        sets $root, $skyglass and $work (removed at exit)
#   interop_skynet_config START [LINE...]   writes $work/skynet.config
#   interop_skyglass_config START [LINE...] writes $work/skyglass.config
#   interop_run_both MARK             runs both configs, keeps the lines from MARK on
#   interop_compare MARK [WHAT]       the two sets of MARK lines must be the same
interop_begin() {
	interop_name=$1
	build=${2:-build}
	root=$(cd "$(dirname "$0")/../.." && pwd)
	case $build in /*) skyglass=$build/skyglass ;; *) skyglass=$root/$build/skyglass ;; esac
	if [ -z "${SKYNET_DIR:-}" ]; then
		echo "$interop_name: SKYNET_DIR not set; skipped"
		exit 0
	fi
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT
}

# skynet needs its own bootstrap, loader and library paths; our services come
# from tests/interop and tests/cluster.
interop_skynet_config() {
	local start=$1
	shift
	{
		echo "root = \"$SKYNET_DIR/\""
		echo "thread = 2"
		echo "harbor = 0"
		echo "start = \"$start\""
		echo 'bootstrap = "snlua bootstrap"'
		echo "luaservice = root..\"service/?.lua;$root/tests/interop/?.lua;$root/tests/cluster/?.lua\""
		echo 'lualoader = root.."lualib/loader.lua"'
		echo "lua_path = root..\"lualib/?.lua;\"..root..\"lualib/?/init.lua;$root/tests/interop/?.lua\""
		echo 'lua_cpath = root.."luaclib/?.so"'
		echo 'cpath = root.."cservice/?.so"'
		for line in "$@"; do echo "$line"; done
	} >"$work/skynet.config"
}

interop_skyglass_config() {
	local start=$1
	shift
	{
		echo "thread = 2"
		echo "start = \"$start\""
		echo "luaservice = \"$root/tests/interop/?.lua;$root/tests/cluster/?.lua\""
		echo "lua_path = \"$root/tests/lua/?.lua;$root/tests/interop/?.lua\""
		for line in "$@"; do echo "$line"; done
	} >"$work/skyglass.config"
}

interop_run_both() {
	(cd "$SKYNET_DIR" && timeout 30 ./skynet "$work/skynet.config") 2>&1 | grep -o "$1 .*" >"$work/skynet.txt" || true
	timeout 30 "$skyglass" "$work/skyglass.config" 2>&1 | grep -o "$1 .*" >"$work/skyglass.txt" || true
}

# The skynet side must have finished ("MARK done"), or an empty diff proves nothing.
interop_compare() {
	local mark=$1 what=${2:-skynet and skyglass}
	if ! grep -q "$mark done" "$work/skynet.txt"; then
		echo "$interop_name: the skynet side did not finish"; cat "$work/skynet.txt"; exit 1
	fi
	if diff "$work/skynet.txt" "$work/skyglass.txt"; then
		echo "$interop_name: $(wc -l <"$work/skynet.txt") lines identical on $what"
	else
		echo "$interop_name: skynet and skyglass differ (< skynet, > skyglass)"; exit 1
	fi
}
