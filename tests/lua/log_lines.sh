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
echo "$out" | grep -Eq "sharedatad.lua:[0-9]+: assertion failed!" || fail "sharedata.new twice: not skynet's assertion"
echo "$out" | grep -Eq "sharedatad.lua:[0-9]+: nothing_here$" || fail "sharedata.query of a missing name: not skynet's assert(pool[name], name)"
echo "$out" | grep -q "Maybe forgot response.*debug.lua" && fail "a debug TERM logged Maybe forgot response (skynet's term ignores the request)"
echo "$out" | grep -q "snax method failing on purpose" || fail "no line for the failing snax method"
echo "$out" | grep -q "tail calls" && fail "a traceback with (...tail calls...): snaxd tail-calls the method's wrapper"
echo "$out" | grep -Eq "lua loader error : \S*loader.lua:[0-9]+: \S*bad_syntax.lua:[0-9]+:" || fail "a syntax error is not raised from loader.lua as skynet's"
# The boot is skynet's, line for line and address for address: no line for the
# logger, the C harbor at :5, datacenterd before service_mgr, the start at :8.
boot=$(echo "$out" | head -7 | tr '\n' '|')
want='[:00000002] LAUNCH snlua bootstrap|[:00000003] LAUNCH snlua launcher|[:00000004] LAUNCH snlua cdummy|[:00000005] LAUNCH harbor 0 4|[:00000006] LAUNCH snlua datacenterd|[:00000007] LAUNCH snlua service_mgr|[:00000008] LAUNCH snlua log_lines|'
[ "$boot" = "$want" ] || fail "boot lines differ from skynet's: $boot"

# A start service that fails: its own error and KILL self, and nothing from the
# bootstrap (skynet's ignores the failure).
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
printf 'error("start fails on purpose")\n' > "$dir/broken.lua"
printf 'thread = 2\nstart = "broken"\nluaservice = "%s/?.lua"\nexit_when_idle = true\n' "$dir" > "$dir/config.lua"
out=$(timeout 30 "$skyglass" "$dir/config.lua" 2>&1)
echo "$out" | grep -q "lua loader error : .*start fails on purpose" || fail "no loader error line"
echo "$out" | grep -q "bootstrap:" && fail "the bootstrap logged the failed start"
echo "ok: log lines"
