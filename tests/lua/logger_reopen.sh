#!/bin/sh
# logger_reopen: SIGHUP makes the logger reopen its file, as skynet's does (log
# rotation: mv the file, HUP, and new lines go to a new file of the same name);
# before, SIGHUP ended the process.
skyglass=$1
dir=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; for f in "$dir"/log*; do echo "--- $f"; cat "$f"; done; exit 1; }
cat > "$dir/ticker.lua" <<'LUA'
local skynet = require "skynet"
require "skynet.manager"
skynet.start(function()
	for i = 1, 400 do
		skynet.error("tick " .. i)
		skynet.sleep(5)
	end
	skynet.abort()
end)
LUA
cat > "$dir/config" <<CONF
thread = 2
start = "ticker"
luaservice = "$dir/?.lua"
logger = "$dir/log"
CONF
"$skyglass" "$dir/config" > "$dir/stdout" 2>&1 &
pid=$!
# each wait is bounded: 100 looks, 0.05 s apart
wait_for() { i=0; until grep -q "$2" "$1" 2>/dev/null; do i=$((i + 1)); [ $i -gt 100 ] && return 1; sleep 0.05; done; }
wait_for "$dir/log" "tick" || fail "no tick in the log"
mv "$dir/log" "$dir/log.1"
kill -HUP "$pid"
wait_for "$dir/log" "tick" || fail "no new log file after SIGHUP"
kill -0 "$pid" 2>/dev/null || fail "SIGHUP ended the process"
kill -TERM "$pid"
wait "$pid"
pid=""
grep -q "tick 1\$" "$dir/log.1" || fail "the first ticks are not in the rotated file"
grep -q "tick 1\$" "$dir/log" && fail "the first tick went to the new file"
echo "ok: SIGHUP reopened the log file and the node ran on"
