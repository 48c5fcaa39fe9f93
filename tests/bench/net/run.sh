#!/bin/sh
# run.sh: the echo benchmarks. Each server runs in turn as a child process; net_loadgen
# loads it with CONNS connections x MSGS messages x SIZE bytes, one in flight per
# connection. For each server: msgs/s, p50 and p99 latency, the ratio to raw_echo
# measured in this same run, and the server's CPU time (user+sys, from /proc) per message.
#
#   tests/bench/net/run.sh [build]
#   env: CONNS (100) MSGS (10000) SIZE (64) PORT (first port, 19100)
#        SERVERS (raw callback coroutine gate) TIMEOUT (seconds per load, 120)
#        THREADS (skyglass worker threads, 2)
# A quick run: CONNS=20 MSGS=500 tests/bench/net/run.sh build
set -e
build=${1:-build}
cd "$(dirname "$0")/../../.."
CONNS=${CONNS:-100}
MSGS=${MSGS:-10000}
SIZE=${SIZE:-64}
PORT=${PORT:-19100}
TIMEOUT=${TIMEOUT:-120}
SERVERS=${SERVERS:-raw callback coroutine gate}
THREADS=${THREADS:-2}
TICKS=$(getconf CLK_TCK)
mkdir -p run
for tool in net_loadgen raw_echo skyglass; do
	[ -x "$build/$tool" ] || { echo "run.sh: $build/$tool is missing: build first" >&2; exit 1; }
done

. tests/bench/net/server_wait.sh

echo "# skyglass echo benchmarks: $CONNS connections x $MSGS messages x $SIZE B," \
	"$THREADS worker threads, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
printf '%-10s %10s %9s %9s %7s %11s\n' server msgs/s p50_us p99_us x_raw cpu_us/msg
raw_rate=""
port=$PORT
for server in $SERVERS; do
	port=$((port + 1))
	log=run/bench-net-$server.log
	framed=""
	case $server in
	raw) "$build/raw_echo" "$port" >"$log" 2>&1 & ;;
	callback | coroutine | gate)
		[ "$server" = gate ] && framed=--framed
		ECHO=echo_$server PORT=$port THREADS=$THREADS "$build/skyglass" tests/bench/net/config.lua >"$log" 2>&1 & ;;
	*) echo "run.sh: unknown server $server" >&2; exit 1 ;;
	esac
	pid=$!
	wait_listening "$port" "$pid" || { echo "run.sh: $server did not listen on $port; see $log" >&2; exit 1; }
	before=$(cpu_ticks "$pid")
	out=$("$build/net_loadgen" --port "$port" --conns "$CONNS" --msgs "$MSGS" --size "$SIZE" \
		--timeout "$TIMEOUT" $framed) || true
	after=$(cpu_ticks "$pid")
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	echo "$out" >>"$log"
	case $out in
	*error=*) echo "$server: ${out#*error=} (see $log)"; continue ;;
	esac
	field() { echo "$out" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
	rate=$(field msgs_per_s)
	[ "$server" = raw ] && raw_rate=$rate
	awk -v s="$server" -v rate="$rate" -v p50="$(field p50_us)" -v p99="$(field p99_us)" \
		-v raw="$raw_rate" -v cpu=$((after - before)) -v ticks="$TICKS" -v n="$(field done)" \
		'BEGIN { printf "%-10s %10.0f %9.1f %9.1f %7s %11.2f\n", s, rate, p50, p99,
			raw == "" ? "-" : sprintf("%.2f", rate / raw), cpu / ticks * 1e6 / n }'
done
