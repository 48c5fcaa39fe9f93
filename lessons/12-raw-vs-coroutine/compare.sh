#!/bin/sh
# compare.sh (lesson 12): the same echo load against the three servers, one table.
#   (a) raw      raw_echo_traced: bare sockets, one epoll loop, no runtime
#   (b) callback echo_callback.lua on socketdriver callbacks
#   (c) coroutine echo_coroutine.lua with socket.read
# Every server runs in turn as its own process on a free port and exits when the
# load generator (net_loadgen, the same client for all three) closes its connections.
#
#   lessons/12-raw-vs-coroutine/compare.sh [build]
#   env: CONNS (50) MSGS (4000) SIZE (64) THREADS (2) TIMEOUT (seconds per load, 120)
#        TRACE=1 records each server's trace in OUT (default run/) as 12-<server>.jsonl
set -e
build=${1:-build}
cd "$(dirname "$0")/../.."
CONNS=${CONNS:-50}
MSGS=${MSGS:-4000}
SIZE=${SIZE:-64}
THREADS=${THREADS:-2}
TIMEOUT=${TIMEOUT:-120}
OUT=${OUT:-run}
mkdir -p "$OUT"
for tool in net_loadgen raw_echo_traced skyglass; do
	[ -x "$build/$tool" ] || { echo "compare.sh: $build/$tool is missing: build first" >&2; exit 1; }
done

echo "# lesson 12: echo, $CONNS connections x $MSGS messages x $SIZE B, one in flight per connection;" \
	"$THREADS worker threads, $(nproc) cores, trace $([ -n "$TRACE" ] && echo on || echo off)," \
	"$(date -u +%Y-%m-%dT%H:%MZ)"
printf '%-10s %10s %9s %9s %7s %11s %11s\n' server msgs/s p50_us p99_us x_raw cpu_us/msg events/msg
raw_rate=""
for server in raw callback coroutine; do
	log="$OUT/12-$server.log"
	trace="$OUT/12-$server.jsonl"
	rm -f "$trace"
	if [ "$server" = raw ]; then
		set -- --once
		[ -n "$TRACE" ] && set -- --once --trace "$trace"
		"$build/raw_echo_traced" "$@" >"$log" 2>&1 &
	elif [ -n "$TRACE" ]; then
		SKYGLASS_TRACE=$trace ECHO=echo_$server THREADS=$THREADS \
			"$build/skyglass" lessons/12-raw-vs-coroutine/bench_config.lua >"$log" 2>&1 &
	else
		ECHO=echo_$server THREADS=$THREADS \
			"$build/skyglass" lessons/12-raw-vs-coroutine/bench_config.lua >"$log" 2>&1 &
	fi
	pid=$!
	port=""
	tries=0
	while [ -z "$port" ]; do
		port=$(sed -n 's/.*ready on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log" | head -n1)
		[ -n "$port" ] && break
		tries=$((tries + 1))
		if [ $tries -gt 200 ] || ! kill -0 "$pid" 2>/dev/null; then
			echo "compare.sh: $server did not start; see $log" >&2
			kill "$pid" 2>/dev/null || true
			exit 1
		fi
		sleep 0.05
	done
	out=$("$build/net_loadgen" --port "$port" --conns "$CONNS" --msgs "$MSGS" --size "$SIZE" \
		--timeout "$TIMEOUT") || true
	# The server exits by itself once the last connection has closed, printing its
	# CPU time (user+sys) from the first accept on; give it 10 s.
	tries=0
	while kill -0 "$pid" 2>/dev/null && [ $tries -lt 200 ]; do
		tries=$((tries + 1))
		sleep 0.05
	done
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	echo "$out" >>"$log"
	case $out in
	*error=* | "") echo "compare.sh: $server: ${out#*error=} (see $log)" >&2; exit 1 ;;
	esac
	field() { echo "$out" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
	rate=$(field msgs_per_s)
	[ "$server" = raw ] && raw_rate=$rate
	cpu=$(sed -n 's/.*cpu_us=\([0-9]*\).*/\1/p' "$log" | head -n1)
	events=0
	[ -f "$trace" ] && events=$(wc -l <"$trace")
	awk -v s="$server" -v rate="$rate" -v p50="$(field p50_us)" -v p99="$(field p99_us)" \
		-v raw="$raw_rate" -v cpu="${cpu:-0}" -v n="$(field done)" \
		-v events="$events" \
		'BEGIN { printf "%-10s %10.0f %9.1f %9.1f %7s %11.2f %11s\n", s, rate, p50, p99,
			(raw == "" ? "-" : sprintf("%.2f", rate / raw)), cpu / n,
			(events > 0 ? sprintf("%.1f", events / n) : "-") }'
done
if [ -n "$TRACE" ]; then
	echo "traces: $OUT/12-raw.jsonl $OUT/12-callback.jsonl $OUT/12-coroutine.jsonl"
fi
