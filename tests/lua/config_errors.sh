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
# Each bad value: a one-line error naming the key and the value, and a non-zero exit.
bad_value() { # key-and-value-line, text the message must contain
	printf 'thread = 1\nstart = "main"\n%s\n' "$1" > "$dir/bad.lua"
	out=$(timeout 20 "$skyglass" "$dir/bad.lua" 2>&1) && fail "'$1' exited 0"
	echo "$out" | grep -q -- "$2" || fail "'$1': message lacks '$2': $out"
	[ "$(echo "$out" | grep -c "config error")" = 1 ] || fail "'$1': not one config error line: $out"
}
bad_value 'monitor_interval = 0' "monitor_interval .*'0'"
bad_value 'monitor_interval = -5' "monitor_interval .*'-5'"
bad_value 'harbor = 300' "harbor .*'300'"
bad_value 'trace = "127.0.0.1:99999"' "trace = '127.0.0.1:99999'"
bad_value 'trace = "127.0.0.1:abc"' "trace = '127.0.0.1:abc'"

out=$(timeout 20 "$skyglass" "$dir" 2>&1) && fail "a directory as the config exited 0"
echo "$out" | grep -q "is a directory" || fail "directory config message: $out"

mkdir "$dir/adir"
printf 'include "%s/adir"\n' "$dir" > "$dir/incdir.lua"
out=$(timeout 20 "$skyglass" "$dir/incdir.lua" 2>&1) && fail "including a directory exited 0"
echo "$out" | grep -q "cannot read config $dir/adir: Is a directory" || fail "include of a directory: $out"

# attack round 4: an include cycle, include(nil), a NUL in a value (cut to "" before)
printf 'thread = 1\ninclude "cycle_b.lua"\n' > "$dir/cycle_a.lua"
printf 'include "cycle_a.lua"\n' > "$dir/cycle_b.lua"
out=$(timeout 20 "$skyglass" "$dir/cycle_a.lua" 2>&1) && fail "an include cycle exited 0"
echo "$out" | grep -q "include of cycle_a.lua: includes nested deeper than 16 (a cycle?)" || fail "include cycle: $out"
bad_value 'include(nil)' "bad.lua: include wants a file name, got nil"
bad_value 'logger = "\0abc"' "key 'logger' holds a NUL byte"
# attack round 5: skyglass's own number keys, read by Lua services and the
# harbor, fell back to their default silently ("abc"), switched the limit off
# (-5) or overflowed the harbor's int (1e300)
bad_value 'cluster_request_limit = -5' "cluster_request_limit must be a whole number of bytes (0: no limit), got '-5'"
bad_value 'cluster_request_limit = "64M"' "cluster_request_limit .*'64M'"
bad_value 'cluster_request_limit = 1.5' "cluster_request_limit .*'1.5'"
bad_value 'cluster_inflight_limit = -1' "cluster_inflight_limit must be a whole number of requests (0: no limit), got '-1'"
bad_value 'harbor_handshake_timeout = 1e300' "harbor_handshake_timeout must be seconds from 0.01 to 86400, got '1e+300'"
bad_value 'harbor_handshake_timeout = 0/0' "harbor_handshake_timeout .*nan"
bad_value 'login_handshake_timeout = "abc"' "login_handshake_timeout must be seconds from 0 to 86400 (0: none), got 'abc'"
printf 'local skynet = require "skynet"\nrequire "skynet.manager"\nskynet.start(function() skynet.abort(0) end)\n' > "$dir/main2.lua"
printf 'thread = 1\nstart = "main2"\nluaservice = "%s/?.lua"\ncluster_request_limit = 2^26\nharbor_handshake_timeout = 0.5\nlogin_handshake_timeout = 0\n' "$dir" > "$dir/numbers.lua"
"$skyglass" "$dir/numbers.lua" > "$dir/out.txt" 2>&1 || fail "good number keys did not run: $(cat "$dir/out.txt")"

printf 'thread = 1\nbootstrap = "snlua surely_no_such_bootstrap"\n' > "$dir/boot.lua"
out=$(timeout 20 "$skyglass" "$dir/boot.lua" 2>&1) && fail "a missing bootstrap script exited 0: $out"
echo "$out" | grep -q "surely_no_such_bootstrap" || fail "missing bootstrap not named: $out"
# A trace file whose writes fail (a full disk) loses the rest of the trace: one
# line says so (it was silent, the run ending 0 with a truncated trace).
if [ -w /dev/full ]; then
	printf 'local skynet = require "skynet"\nrequire "skynet.manager"\nskynet.start(function() skynet.abort(0) end)\n' > "$dir/quit.lua"
	printf 'thread = 1\nstart = "quit"\nluaservice = "%s/?.lua"\ntrace = "/dev/full"\n' "$dir" > "$dir/full.lua"
	out=$(timeout 20 "$skyglass" "$dir/full.lua" 2>&1) || fail "a trace to /dev/full stopped the run: $out"
	[ "$(echo "$out" | grep -c "trace: writing '/dev/full' failed: No space left on device; the rest of the trace is lost")" = 1 ] ||
		fail "a failed trace write: not one line saying so: $out"
	printf 'thread = 1\nstart = "quit"\nluaservice = "%s/?.lua"\nlogger = "/dev/full"\n' "$dir" > "$dir/logfull.lua"
	out=$(timeout 20 "$skyglass" "$dir/logfull.lua" 2>&1) || fail "a logger on /dev/full stopped the run: $out"
	[ "$(echo "$out" | grep -c "logger: writing '/dev/full' failed: No space left on device; log lines are lost")" = 1 ] ||
		fail "a failed log write: not one line saying so: $out"
fi
echo "ok: config errors"
