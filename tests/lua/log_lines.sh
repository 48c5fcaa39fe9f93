#!/bin/sh
# log_lines: the runtime prints skynet's log lines in skynet's words: KILL self, KILL :addr,
# "Maybe forgot response ... : @file:line" and the "lua call [...] error" line.
skyglass=$1
out=$(TEST=log_lines timeout 30 "$skyglass" tests/lua/config.lua 2>&1) || { echo "FAIL: run: $out"; exit 1; }
fail() { echo "FAIL: $*"; echo "$out"; exit 1; }
victim=$(echo "$out" | sed -n 's/.*victim is \([0-9a-f]*\)$/\1/p')
[ -n "$victim" ] || fail "no victim line"
echo "$out" | grep -q "KILL :$victim\$" || fail "no 'KILL :$victim' line"
echo "$out" | grep -q "] KILL self\$" || fail "no 'KILL self' line"
echo "$out" | grep -Eq "Maybe forgot response session [0-9]+ from :[0-9a-f]{8} : @tests/lua/forgetful_service.lua:5\$" \
	|| fail "no 'Maybe forgot response ... : @file:line' line"
echo "$out" | grep -Eq "lua call \[[0-9a-f]+ to :[0-9a-f]+ : [0-9]+ msgsz = [0-9]+\] error : .*failing on purpose" \
	|| fail "no 'lua call [src to :dst : session msgsz = n] error' line"
echo "ok: log lines"
