#!/bin/sh
# run.sh: the runtime benchmarks: Lua sends and calls with the trace off and on, and the C++-only kernel ping-pong.
set -e
build=${1:-build}
cd "$(dirname "$0")/../.."
mkdir -p run
echo "# skyglass runtime benchmarks ($(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ))"
for threads in 2 1; do
	for bench in bench_send bench_call; do
		for trace in "" run/bench-trace.jsonl; do
			BENCH=$bench BENCH_THREADS=$threads BENCH_TRACE=$trace "$build/skyglass" tests/bench/config.lua | grep '^BENCH'
		done
	done
done
rm -f run/bench-trace.jsonl
"$build/bench_kernel"
