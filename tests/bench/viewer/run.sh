#!/bin/sh
# run.sh: the viewer on a real trace (issue 9, "Performance"): lesson 03's gate
# echo loaded by net_loadgen with CONNS connections x MSGS echoes, trace on; then
# bench_viewer under xvfb-run measures the load (events/s, MB/s) and the frame
# times (whole trace in view, zoomed), and skyglass-view's CPU while idle.
#
#   tests/bench/viewer/run.sh [build]        (`make bench-viewer`)
#   env: CONNS (100) MSGS (1000) SIZE (64) ROUNDS (3: loads and frame passes)
#        TRACE (the trace file; default build/bench-viewer/gate-CONNSxMSGS.jsonl,
#        made once and reused: delete it to make a new one)
#        IDLE (seconds of idle CPU measured, 5; 0 skips it) FRAMES (per measure, 60)
#        BEFORE (a second bench_viewer binary: each round runs it and this
#        build's alternately, and the lines say which; for before/after ratios)
#        SETTLE (seconds idle before each bench_viewer, 5; 0 for none): memory a
#        process frees is handed back to the VM's host ~2 s later (the balloon's
#        free page reporting), and a load right after another one reuses it for
#        a fraction of the cost; the wait makes every "load" line a first open
#        as a learner sees it. The "reload" line is the warm case.
set -e
build=${1:-build}
cd "$(dirname "$0")/../../.."
CONNS=${CONNS:-100}
MSGS=${MSGS:-1000}
SIZE=${SIZE:-64}
ROUNDS=${ROUNDS:-3}
IDLE=${IDLE:-5}
FRAMES=${FRAMES:-60}
SETTLE=${SETTLE:-5}
TRACE=${TRACE:-$build/bench-viewer/gate-${CONNS}x${MSGS}.jsonl}
for tool in net_loadgen skyglass skyglass-view tests/viewer/bench_viewer; do
	[ -x "$build/$tool" ] || { echo "bench-viewer: $build/$tool is missing: build first" >&2; exit 1; }
done
command -v xvfb-run >/dev/null || { echo "bench-viewer: xvfb-run is missing (apt-get install xvfb)" >&2; exit 1; }
mkdir -p "$(dirname "$TRACE")"

. tests/bench/net/server_wait.sh
# A port nothing listens on now (the runtime binds it; a clash fails the run loudly).
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

if [ ! -s "$TRACE" ]; then
	port=$(free_port)
	partial=$TRACE.partial
	rm -f "$partial"
	echo "# making $TRACE: gate echo, $CONNS connections x $MSGS echoes x $SIZE B, trace on"
	PORT=$port TRACE=$partial "$build/skyglass" tests/bench/viewer/gate_config.lua >"$TRACE.log" 2>&1 &
	pid=$!
	wait_listening "$port" "$pid" || { echo "bench-viewer: the gate did not listen on $port; see $TRACE.log" >&2; exit 1; }
	out=$("$build/net_loadgen" --port "$port" --conns "$CONNS" --msgs "$MSGS" --size "$SIZE" --framed --timeout 300) || true
	echo "$out" | tee -a "$TRACE.log"
	kill -TERM "$pid" 2>/dev/null || true   # the runtime writes trace.stop on SIGTERM
	wait "$pid" 2>/dev/null || true
	case $out in
	*error=* | "") echo "bench-viewer: the load failed (see $TRACE.log)" >&2; exit 1 ;;
	esac
	mv "$partial" "$TRACE"
fi
lines=$(wc -l <"$TRACE")
mb=$(du -m "$TRACE" | cut -f1)
echo "# skyglass-view on $TRACE: $lines lines, $mb MB; $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)," \
	"$(date -u +%Y-%m-%dT%H:%MZ), xvfb 1600x900x24 (llvmpipe), ${SETTLE} s idle before each load"

bench() { # binary label
	sleep "$SETTLE"   # not a synchronisation: the idle time a first open follows (SETTLE above)
	xvfb-run -a -s "-screen 0 1600x900x24" "$1" --trace "$TRACE" --frames "$FRAMES" --label "$2"
}
round=1
while [ $round -le "$ROUNDS" ]; do
	echo "## round $round"
	if [ -n "${BEFORE:-}" ]; then
		bench "$BEFORE" before
	fi
	bench "$build/tests/viewer/bench_viewer" after
	round=$((round + 1))
done

# Idle: the real viewer, interactive, once the file is loaded and the window
# has settled, must sleep until input: CPU ticks over IDLE seconds.
if [ "$IDLE" -gt 0 ]; then
	xvfb-run -a -s "-screen 0 1600x900x24" "$build/skyglass-view" "$TRACE" >/dev/null 2>&1 &
	xpid=$!
	# xvfb-run's child: the viewer itself
	vpid=""
	tries=0
	while [ -z "$vpid" ] && [ $tries -lt 100 ]; do
		vpid=$(pgrep -P "$xpid" -f skyglass-view || true)
		[ -z "$vpid" ] && sleep 0.1
		tries=$((tries + 1))
	done
	if [ -z "$vpid" ]; then
		echo "idle: skyglass-view did not start"
	else
		# Loaded and settled: two seconds in a row without a tick (at most 120 s).
		quiet=0 waited=0 last=$(cpu_ticks "$vpid")
		while [ $quiet -lt 2 ] && [ $waited -lt 120 ]; do
			sleep 1
			now=$(cpu_ticks "$vpid")
			if [ "$now" = "$last" ]; then quiet=$((quiet + 1)); else quiet=0; fi
			last=$now waited=$((waited + 1))
		done
		before=$(cpu_ticks "$vpid")
		sleep "$IDLE"
		after=$(cpu_ticks "$vpid")
		awk -v d=$((after - before)) -v s="$IDLE" -v hz="$(getconf CLK_TCK)" -v w="$waited" \
			'BEGIN { printf "idle: %d CPU ticks in %d s = %.1f%% of a core (loaded and settled after %d s)\n", d, s, d / hz / s * 100, w }'
	fi
	kill "$xpid" 2>/dev/null || true
	[ -n "$vpid" ] && kill "$vpid" 2>/dev/null || true
	wait "$xpid" 2>/dev/null || true
fi
