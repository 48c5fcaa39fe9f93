#!/bin/sh
# run.sh: the runtime benchmarks: Lua sends and calls with the trace off and on, and the C++-only kernel.
# Every figure comes from this one run; the ratios at the end compare figures of the same run.
set -e
build=${1:-build}
cd "$(dirname "$0")/../.."
mkdir -p run
out=run/bench-runtime.txt
echo "# skyglass runtime benchmarks ($(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ))" | tee "$out"
for threads in 2 1; do
	for bench in bench_send bench_call; do
		for trace in "" run/bench-trace.jsonl; do
			BENCH=$bench BENCH_THREADS=$threads BENCH_TRACE=$trace "$build/skyglass" tests/bench/config.lua |
				grep '^BENCH' | tee -a "$out"
		done
	done
done
rm -f run/bench-trace.jsonl
# multicast: one publish to 1,000 subscribers (bench_multicast.lua)
BENCH=bench_multicast BENCH_THREADS=2 BENCH_TRACE= "$build/skyglass" tests/bench/config.lua | grep '^BENCH' | tee -a "$out"
"$build/bench_kernel" | grep '^BENCH' | tee -a "$out"
BENCH=bench_sproto BENCH_THREADS=2 BENCH_TRACE= "$build/skyglass" tests/bench/config.lua 2>&1 | grep '^BENCH' | tee -a "$out"
sh tests/bench/run_cluster.sh "$build" | tee -a "$out"
# services created+killed per second; beside real skynet's when SKYNET_DIR is set
sh tests/bench/run_spawn.sh "$build" | tee -a "$out"

echo
echo "# trace on / trace off, same run"
# Lines look like: BENCH <name...> threads=N trace=on|off n=N  RATE msgs/s ...
awk '
/^BENCH/ && /trace=/ {
	rate = ""; name = ""; key = ""
	for (i = 2; i <= NF; i++) {
		if ($i ~ /^threads=/) { key = $i; break }
		name = name " " $i
	}
	for (i = 1; i <= NF; i++) if ($(i+1) == "msgs/s") rate = $i
	for (i = 1; i <= NF; i++) if ($i ~ /^trace=/) tr = $i
	k = name " " key
	if (tr == "trace=off") off[k] = rate; else on[k] = rate
	order[k] = 1
}
END { for (k in order) if (off[k] > 0 && on[k] > 0) printf "  %-40s %.2fx\n", k, on[k] / off[k] }
' "$out" | sort
if [ -x "$build/net_loadgen" ] && [ -f tests/bench/net/run.sh ]; then
	echo
	./tests/bench/net/run.sh "$build"
fi
# how the cost grows: services alive, connections, payload sizes, peak RSS (SCALE=quick|full)
echo
./tests/bench/run_scaling.sh "$build"
