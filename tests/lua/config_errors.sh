#!/bin/sh
# config_errors: a missing or broken config stops start-up with a message naming the file and line.
skyglass=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

out=$("$skyglass" "$dir/missing.lua" 2>&1) && fail "missing config exited 0"
echo "$out" | grep -q "missing.lua" || fail "missing config message does not name the file: $out"

printf 'thread = 2\nstart = "main"\nthis is not lua\n' > "$dir/broken.lua"
out=$("$skyglass" "$dir/broken.lua" 2>&1) && fail "broken config exited 0"
echo "$out" | grep -q "broken.lua:3:" || fail "syntax error message lacks file:line: $out"

printf 'thread = "many"\n' > "$dir/thread.lua"
out=$("$skyglass" "$dir/thread.lua" 2>&1) && fail "bad thread exited 0"
echo "$out" | grep -q "thread" || fail "bad thread message does not name the key: $out"

printf 'start = "$SKYGLASS_SURELY_UNSET_VAR"\n' > "$dir/env.lua"
out=$("$skyglass" "$dir/env.lua" 2>&1) && fail "unset \$VAR exited 0"
echo "$out" | grep -q "SKYGLASS_SURELY_UNSET_VAR" || fail "unset variable not named: $out"

printf 'thread = 1\nstart = "main"\ncpath = "x/?.so"\nharbor = 0\nlualoader = "x"\nroot = "./"\nluaservice = "%s/?.lua"\n' "$dir" > "$dir/skynet.lua"
printf 'local skynet = require "skynet"\nrequire "skynet.manager"\nskynet.start(function() assert(skynet.getenv("cpath") == "x/?.so") skynet.abort(0) end)\n' > "$dir/main.lua"
"$skyglass" "$dir/skynet.lua" > "$dir/out.txt" 2>&1 || fail "a skynet config with unused keys did not run: $(cat "$dir/out.txt")"
echo "ok: config errors"
