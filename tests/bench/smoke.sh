#!/bin/sh
# smoke.sh: the bench services still run to the end with tiny counts, and the ratio
# table reads their lines (ctest bench_smoke; the real runs are `make bench`).
set -eu
skyglass=$1
cd "$(dirname "$0")/../.."
fail() { echo "bench smoke: $*"; exit 1; }
run() { # bench n services -> its BENCH lines
	BENCH=$1 BENCH_N=$2 BENCH_SERVICES=$3 BENCH_NAMED= BENCH_THREADS=2 BENCH_TRACE= timeout 60 "$skyglass" tests/bench/config.lua 2>&1 | grep '^BENCH' || true
}
out=$(run bench_send 200 "")
echo "$out" | grep -q 'send A->B .* n=200 .*cpu=[0-9.]* us/op' || fail "bench_send: $out"
out=$(run bench_call 200 "")
echo "$out" | grep -q 'call 10 in flight .* n=200 ' || fail "bench_call: $out"
# Services created and killed (run_spawn.sh, skynet's side left out): one short round.
out=$(SPAWN_N=20 ROUNDS=1 SKYNET_DIR= sh tests/bench/run_spawn.sh "$(dirname "$skyglass")" 2>&1 || true)
echo "$out" | grep -q 'BENCH spawn skyglass .* n=20 .* services/s .* cpu ' || fail "bench_spawn: $out"
# Cluster calls between two local nodes (run_cluster.sh): node a starts, both rows print.
out=$(sh tests/bench/run_cluster.sh "$(dirname "$skyglass")" 2>&1 || true)
echo "$out" | grep -q 'BENCH cluster call, 100 in flight .* msgs/s' || fail "run_cluster: $out"
# Two rounds of one bench on both sides: the table lists both ratios and the range.
table=$(printf '%s\n' \
	'BENCH x y threads=2 trace=off n=1 400 msgs/s 1 us/op cpu=2.000 us/op peak=1 kB' \
	'SKYNET x y threads=2 trace=off n=1 100 msgs/s 1 us/op cpu=8.000 us/op peak=1 kB' \
	'BENCH x y threads=2 trace=off n=1 300 msgs/s 1 us/op cpu=3.000 us/op peak=1 kB' \
	'SKYNET x y threads=2 trace=off n=1 150 msgs/s 1 us/op cpu=6.000 us/op peak=1 kB' |
	awk -v mode=skynet -f tests/bench/ratios.awk)
echo "$table" | grep -q '4.00 (cpu 4.00)  2.00 (cpu 2.00)   wall range 2.00-4.00' || fail "ratios.awk: $table"
echo "bench smoke: send, call, spawn and the ratio table (the ring: bench_scaling_smoke) all ran"
