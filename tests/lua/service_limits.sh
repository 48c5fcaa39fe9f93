#!/bin/sh
# service_limits: a stuck service can be killed, abort ends the process anyway,
# the endless-loop warning reaches the log with one thread, and Lua memory warns.
skyglass=$1
out=$(mktemp)
trap 'rm -f "$out"' EXIT
fail() { echo "FAIL: $*"; cat "$out"; exit 1; }
run() { # THREAD TEST SECONDS: run with a deadline; sets $code
	THREAD=$1 TEST=$2 timeout -s KILL "$3" "$skyglass" tests/lua/limits/config.lua > "$out" 2>&1
	code=$?
}

run 2 limits_kill 20
[ "$code" = 0 ] || fail "limits_kill exited $code"
grep -q "maybe in an endless loop" "$out" || fail "no endless-loop warning"
grep -q "signal 0" "$out" || fail "the looping service was not broken by signal 0"
grep -q "limits_kill: done" "$out" || fail "the runtime did not go on after the kill"

run 2 limits_abort 20
[ "$code" = 3 ] || fail "abort with a looping service: exit $code, not 3 (137: it hung)"
grep -q "exiting without them" "$out" || fail "abort did not say why it left a worker"

# One thread, stuck in its start: the logger never runs again, so the
# monitor writes the warning itself. The program never ends: timeout kills it.
run 1 limits_endless 4
grep -q "maybe in an endless loop" "$out" || fail "thread = 1: the endless-loop warning never reached the log"

run 2 limits_memory 20
[ "$code" = 0 ] || fail "limits_memory exited $code"
grep -q "Set memory limit to 16.00 M" "$out" || fail "memlimit was not announced"
grep -q "Memory warning 3[0-9]" "$out" || fail "no Memory warning past 32 MiB"
grep -q "not enough memory" "$out" || fail "the capped service could allocate past its limit"
echo "ok: service limits"
