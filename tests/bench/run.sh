#!/bin/sh
# run.sh: the runtime benchmarks: Lua sends and calls with the trace off and on, and the C++-only kernel.
# Every figure comes from this one run; the ratios at the end compare figures of the same run.
#
#   tests/bench/run.sh [build]
#   env: SKYNET_DIR  a skynet build (its ./skynet binary, service/, lualib/,
#                    luaclib/, cservice/): the same bench services run there too,
#                    in turn with skyglass's, and the table compares them
#        THREADS     worker counts to run (default "2")
#        ROUNDS      how many times to repeat the side-by-side runs (default 1)
#        NET=0       skips the echo benchmarks (tests/bench/net/run.sh)
set -e
build=${1:-build}
cd "$(dirname "$0")/../.."
root=$(pwd)
mkdir -p run
out=run/bench-runtime.txt
THREADS=${THREADS:-2}
ROUNDS=${ROUNDS:-1}
# Both configs read these; "" means each bench's own default.
export BENCH_N="${BENCH_N:-}" BENCH_SERVICES="" BENCH_NAMED="${BENCH_NAMED:-}"
echo "# skyglass runtime benchmarks ($(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ))" | tee "$out"

# skynet runs the very same bench services (tests/bench/*.lua); its lines are
# tagged SKYNET so the trace on/off table below does not mix them in.
skynet_config=""
if [ -n "${SKYNET_DIR:-}" ]; then
	if [ ! -x "$SKYNET_DIR/skynet" ]; then
		echo "run.sh: SKYNET_DIR=$SKYNET_DIR has no ./skynet binary" >&2
		exit 1
	fi
	skynet_config=$root/run/bench-skynet.config
	. tests/bench/skynet_config.sh
	write_skynet_config "$skynet_config" '$BENCH' 'thread = $BENCH_THREADS' \
		'bench_n = "$BENCH_N"' 'bench_services = "$BENCH_SERVICES"'
fi
run_skynet() { # bench threads [n] [services]
	(cd "$SKYNET_DIR" && BENCH=$1 BENCH_THREADS=$2 BENCH_N=${3:-$BENCH_N} BENCH_SERVICES=${4:-} \
		timeout 300 ./skynet "$skynet_config") 2>&1 |
		grep '^BENCH' | sed 's/^BENCH/SKYNET/' | tee -a "$out"
}

round=0
while [ $round -lt "$ROUNDS" ]; do
	round=$((round + 1))
	for threads in $THREADS; do
		for bench in bench_send bench_call; do
			for trace in "" run/bench-trace.jsonl; do
				BENCH=$bench BENCH_THREADS=$threads BENCH_TRACE=$trace "$build/skyglass" tests/bench/config.lua |
					grep '^BENCH' | tee -a "$out"
			done
			if [ -n "$skynet_config" ]; then run_skynet $bench $threads; fi
		done
	done
done
rm -f run/bench-trace.jsonl
# multicast: one publish to 1,000 subscribers (bench_multicast.lua)
BENCH=bench_multicast BENCH_THREADS=2 BENCH_TRACE= "$build/skyglass" tests/bench/config.lua | grep '^BENCH' | tee -a "$out"
"$build/bench_kernel" | grep '^BENCH' | tee -a "$out"
BENCH=bench_sproto BENCH_THREADS=2 BENCH_TRACE= "$build/skyglass" tests/bench/config.lua 2>&1 | grep '^BENCH' | tee -a "$out"
# many calls waiting at once: 40,000 calls from 64 up to 16,384 coroutines (bench_parked.lua)
BENCH=bench_parked BENCH_THREADS=2 BENCH_TRACE= "$build/skyglass" tests/bench/config.lua 2>&1 | grep '^BENCH' | tee -a "$out"
if [ -n "$skynet_config" ]; then run_skynet bench_parked 2; fi
sh tests/bench/run_cluster.sh "$build" | tee -a "$out"
# services created+killed per second; beside real skynet's when SKYNET_DIR is set
sh tests/bench/run_spawn.sh "$build" | tee -a "$out"

echo
echo "# trace on / trace off, same run: wall (cpu) per round"
awk -v mode=trace -f tests/bench/ratios.awk "$out" | sort
if [ -n "$skynet_config" ]; then
	echo
	echo "# skyglass / skynet, same run, trace off: wall (cpu) per round"
	awk -v mode=skynet -f tests/bench/ratios.awk "$out" | sort
fi
if [ "${NET:-1}" = 1 ] && [ -x "$build/net_loadgen" ] && [ -f tests/bench/net/run.sh ]; then
	echo
	./tests/bench/net/run.sh "$build"
fi
# how the cost grows: services alive, connections, payload sizes, peak RSS (SCALE=quick|full)
echo
./tests/bench/run_scaling.sh "$build"
