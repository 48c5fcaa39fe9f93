# compat_lib.sh: what run_both.sh and check_golden.sh share: the configs both
# runtimes get and the masks that make two logs comparable. Sourced, not run.
#
# Needs: $here (the skyglass checkout), $out (a scratch folder), $start (the
# `start` line: the program and its arguments), $progdir (the program's own
# folder, or empty for one of skynet's test/ or examples/), $ref (a built
# skynet checkout, or empty when only skyglass runs).

# skyglass's config: only its own lualib (so a module it lacks shows up as
# missing), plus the program's folder or skynet's test folders as services.
write_skyglass_conf() {
	if [ -n "$progdir" ]; then
		dirs="$progdir/?.lua"
		snax="$progdir/?.lua"
	else
		dirs="$ref/test/?.lua;$ref/examples/?.lua;$ref/test/?/init.lua"
		snax="$ref/examples/?.lua;$ref/test/?.lua"
	fi
	cat > "$out/skyglass.conf" <<CONF
harbor = 0
thread = 2
start = "$start"
snax = "$snax"
luaservice = "$dirs"
lua_path = "$dirs"
CONF
}

# skynet's config: the same, with skynet's own service and lualib folders.
write_skynet_conf() {
	if [ -n "$progdir" ]; then
		extra="\"$progdir/?.lua;\".."
		snax="$progdir/?.lua"
	else
		extra=""
		snax="$ref/examples/?.lua;$ref/test/?.lua"
	fi
	cat > "$out/skynet.conf" <<CONF
harbor = 0
thread = 2
start = "$start"
snax = "$snax"
root = "$ref/"
bootstrap = "snlua bootstrap"
cpath = root.."cservice/?.so"
luaservice = ${extra}root.."service/?.lua;"..root.."test/?.lua;"..root.."examples/?.lua;"..root.."test/?/init.lua"
lualoader = root.."lualib/loader.lua"
lua_path = ${extra}root.."lualib/?.lua;"..root.."lualib/?/init.lua"
lua_cpath = root.."luaclib/?.so"
CONF
}

# Masks: service addresses, Lua pointers, the runtimes' folders (whole, or as
# the "...tail" Lua makes of a long chunk name), a cluster node's own name (the
# host's name and the pid, in clustersender's launch line), numbers of two
# digits or more (ticks, times, sizes, ports), the runtimes' own frames in
# tracebacks, the boot lines each runtime prints, and a missing service's
# misses after the first (the two configs list different service folders).
# What is left is what a program would see differ.
mask() {
	sed -E \
		-e 's/\[:[0-9a-f]{8}\]/[:ADDR]/g' \
		-e 's/:[0-9a-f]{8}\b/:ADDR/g' \
		-e 's/0x[0-9a-f]+/0xPTR/g' \
		${ref:+-e "s#$ref/##g"} \
		-e "s#$here/##g" \
		-e 's#\.\.\.[^ <]*/(lualib|lua/lualib|service|lua/service)/([a-z0-9/_]+)\.lua:[0-9]+#LIB/\2.lua:N#g' \
		-e 's#(lualib|lua/lualib|service|lua/service)/([a-z0-9/_]+)\.lua:[0-9]+#LIB/\2.lua:N#g' \
		-e 's/(LAUNCH snlua clustersender [^ ]+ )[^ ]+ /\1NODENAME /' \
		-e 's/\b[0-9]{2,}(\.[0-9]+)?\b/NN/g' \
		"$1" | grep -aEv 'LAUNCH (logger|snlua (bootstrap|launcher|cdummy|datacenterd|service_mgr)|harbor 0)' \
		| grep -aEv '^\[:ADDR\] (trace|SIGINT|SIGTERM|skyglass)' \
		| grep -aEv '^	(LIB/|\[C\]: in .*xpcall)' \
		| grep -aEv '^cannot open '
}
