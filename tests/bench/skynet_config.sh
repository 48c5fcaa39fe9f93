# skynet_config.sh: sourced by the bench scripts; writes a config that runs one of
# tests/bench/*.lua on real skynet (SKYNET_DIR), the same file skyglass runs.
#   write_skynet_config FILE START [LINE...]
# START is the start service; each further LINE (e.g. 'bench_n = 1000') is added
# as is. The caller has set $root (this repository) and $SKYNET_DIR.
write_skynet_config() {
	local file=$1 start=$2
	shift 2
	{
		echo "root = \"$SKYNET_DIR/\""
		echo "harbor = 0"
		echo "start = \"$start\""
		echo 'bench_system = "skynet"'
		echo 'bootstrap = "snlua bootstrap"'
		echo "luaservice = root..\"service/?.lua;$root/tests/bench/?.lua\""
		echo 'lualoader = root.."lualib/loader.lua"'
		echo "lua_path = root..\"lualib/?.lua;\"..root..\"lualib/?/init.lua;$root/tests/bench/?.lua\""
		echo 'lua_cpath = root.."luaclib/?.so"'
		echo 'cpath = root.."cservice/?.so"'
		for line in "$@"; do echo "$line"; done
	} >"$file"
}
