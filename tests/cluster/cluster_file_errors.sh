#!/bin/sh
# cluster_file_errors: a broken `cluster` file (the node table) fails clusterd with a line naming the file; nothing hangs or grows.
# Attack round 5 (docs/lua-api.md): /dev/zero grew the node without end, a loop
# held clusterd and every cluster call for good, a directory and a number key
# raised Lua's own words. Each case runs a main that starts clusterd.
skyglass=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

cat > "$dir/main.lua" <<'LUA'
local skynet = require "skynet"
require "skynet.manager"
skynet.start(function()
	local ok = pcall(skynet.uniqueservice, "clusterd") -- what skynet.cluster starts
	skynet.error("CLUSTERD_STARTED " .. tostring(ok))
	skynet.abort(0)
end)
LUA
# try_file: cluster file, text the log must hold
try_file() {
	printf 'thread = 2\nstart = "main"\nluaservice = "%s/?.lua"\ncluster = "%s"\n' "$dir" "$1" > "$dir/config.lua"
	out=$(timeout 20 "$skyglass" "$dir/config.lua" 2>&1)
	code=$?
	[ $code -ne 124 ] || fail "cluster = '$1': no end within 20 s: $out"
	echo "$out" | grep -q -- "$2" || fail "cluster = '$1': the log lacks '$2': $out"
	echo "$out" | grep -q "CLUSTERD_STARTED false" || fail "cluster = '$1': clusterd started: $out"
	echo "ok   cluster = '$1': $2"
}
try_file /dev/zero "cluster: the cluster file /dev/zero is larger than 16777216 bytes"
mkdir "$dir/adir"
try_file "$dir/adir" "cluster: cannot read the cluster file $dir/adir: Is a directory"
printf 'a = "127.0.0.1:1"\nwhile true do end\n' > "$dir/loop.lua"
try_file "$dir/loop.lua" "cluster: the cluster file $dir/loop.lua runs too long (more than 10000000 steps: a loop?)"
printf 'a = "127.0.0.1:1"\nb = {}\n' > "$dir/table.lua"
printf 'a = "127.0.0.1:1"\n_ENV[1] = "x"\n' > "$dir/key.lua"
try_file "$dir/key.lua" "cluster: the cluster file $dir/key.lua names a node 1, not a string"
try_file "$dir/table.lua" 'clusterd.lua:[0-9]*: assertion failed!' # skynet's words (compat cluster_misuse)
try_file "$dir/missing.lua" "cluster: cannot open the cluster file $dir/missing.lua"
printf 'a = \n' > "$dir/syntax.lua"
try_file "$dir/syntax.lua" "syntax.lua:2: unexpected symbol near <eof>"
echo "cluster_file_errors: all passed"
