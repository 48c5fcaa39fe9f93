#!/bin/sh
# lifetime: a node keeps running when its start service fails or when every service has exited
# (as skynet does), and ends then only with exit_when_idle = true.
skyglass=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

printf 'local skynet = require "skynet"\nskynet.start(function() skynet.error("main ran") skynet.exit() end)\n' > "$dir/main.lua"
printf 'error("start fails on purpose")\n' > "$dir/broken.lua"

# Still running after 2 s (timeout's 124), both when idle and after a failed start.
printf 'thread = 2\nstart = "main"\nluaservice = "%s/?.lua"\n' "$dir" > "$dir/idle.lua"
timeout 2 "$skyglass" "$dir/idle.lua" > "$dir/idle.txt" 2>&1
[ $? -eq 124 ] || fail "an idle node exited: $(cat "$dir/idle.txt")"
grep -q "main ran" "$dir/idle.txt" || fail "main did not run: $(cat "$dir/idle.txt")"

printf 'thread = 2\nstart = "broken"\nluaservice = "%s/?.lua"\n' "$dir" > "$dir/failed.lua"
timeout 2 "$skyglass" "$dir/failed.lua" > "$dir/failed.txt" 2>&1
[ $? -eq 124 ] || fail "a node whose start failed exited: $(cat "$dir/failed.txt")"
grep -q "start fails on purpose" "$dir/failed.txt" || fail "the start error was not logged: $(cat "$dir/failed.txt")"

# Opted in: idle ends with 0, a failed start with 1.
printf 'exit_when_idle = true\n' >> "$dir/idle.lua"
timeout 10 "$skyglass" "$dir/idle.lua" > "$dir/idle2.txt" 2>&1 || fail "exit_when_idle: idle node did not exit 0: $(cat "$dir/idle2.txt")"
printf 'exit_when_idle = true\n' >> "$dir/failed.lua"
timeout 10 "$skyglass" "$dir/failed.lua" > "$dir/failed2.txt" 2>&1
[ $? -eq 1 ] || fail "exit_when_idle: failed start did not exit 1: $(cat "$dir/failed2.txt")"
echo "ok: node lifetime"
