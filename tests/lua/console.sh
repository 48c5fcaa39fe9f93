#!/bin/sh
# console: the console service reads service names from stdin (socket.stdin) and starts them.
# A pipe: the named service runs and logs its marker. /dev/null cannot be polled: console
# fails readline's assert as skynet's does; an empty pipe ends console's loop quietly. Either way the run goes on
# without a busy loop (ended here by timeout).
skyglass=$1
fail() { echo "FAIL: $*"; echo "$out"; exit 1; }

out=$(printf 'console_marker hello world\n' | TEST=console_start timeout 30 "$skyglass" tests/lua/config.lua 2>&1) \
	|| fail "run with a pipe on stdin"
echo "$out" | grep -q "console marker: hello world\$" || fail "no marker line from the piped service name"

out=$(TEST=console_start timeout 3 "$skyglass" tests/lua/config.lua </dev/null 2>&1)
[ $? -eq 124 ] || fail "run with /dev/null on stdin did not keep running"
echo "$out" | grep -q "socket.lua:[0-9]*: assertion failed!" || fail "no socket.lua assertion line for /dev/null (skynet's)"
# An empty pipe: EOF at once; console's loop ends without an error and the run goes on.
out=$(printf '' | TEST=console_start timeout 3 "$skyglass" tests/lua/config.lua 2>&1)
[ $? -eq 124 ] || fail "run with an empty pipe on stdin did not keep running"
echo "$out" | grep -qi "error" && fail "an error after EOF on stdin"
echo "ok: console"
