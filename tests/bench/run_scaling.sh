#!/bin/sh
# run_scaling.sh: how the cost grows. Three tables, each row with its peak RSS (VmHWM of
# the runtime process):
#   1. sends and calls with 2, 100 and 10,000 services alive (bench_ring.lua), beside
#      real skynet running the same file when SKYNET_DIR names a built skynet;
#   2. sends with payloads of 64 B, 4 KiB and 64 KiB (same ring, 100 services);
#   3. echo with 10, 1,000 and 10,000 connections, and with 64 B, 4 KiB and 64 KiB
#      messages at 100 connections (net_loadgen against raw_echo and skyglass's echos).
#
#   tests/bench/run_scaling.sh [build]
#   env: SCALE (quick: about four minutes; full: ten times the messages; smoke:
#        seconds, small sizes, for the ctest), SKYNET_DIR,
#        THREADS (2), PORT (first port, 19300), SERVERS (raw callback coroutine),
#        PROFILE (off: `profile = false` in the ring's configs, on both runtimes; the
#        default keeps each runtime's default, on: two thread-CPU clock reads a message)
set -eu
build=${1:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
case $build in /*) ;; *) build=$root/$build ;; esac
SCALE=${SCALE:-quick}
THREADS=${THREADS:-2}
PORT=${PORT:-19300}
SERVERS=${SERVERS:-raw callback coroutine}
RINGS="2 100 10000" CONNS="10 1000 10000"
case $SCALE in
quick) SENDS=200000 CALLS=100000 PAYLOAD_SENDS=50000 ECHO_TOTAL=200000 ECHO_BYTES=700000000 ;;
full) SENDS=2000000 CALLS=1000000 PAYLOAD_SENDS=500000 ECHO_TOTAL=2000000 ECHO_BYTES=7000000000 ;;
# smoke: a few seconds, small sizes; the ctest bench_scaling_smoke checks the tables' shape.
smoke) SENDS=2000 CALLS=1000 PAYLOAD_SENDS=500 ECHO_TOTAL=2000 ECHO_BYTES=20000000
	RINGS="2 10 50" CONNS="10 50 200" ;;
*) echo "run_scaling.sh: SCALE must be quick, full or smoke, not '$SCALE'" >&2; exit 2 ;;
esac
for tool in skyglass net_loadgen raw_echo; do
	[ -x "$build/$tool" ] || { echo "run_scaling.sh: $build/$tool is missing: build first" >&2; exit 1; }
done
case ${PROFILE:-} in
off) profile_line="profile = false" ;;
'') profile_line="" ;;
*) echo "run_scaling.sh: PROFILE must be off or unset, not '$PROFILE'" >&2; exit 2 ;;
esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "# skyglass scaling benchmarks (SCALE=$SCALE, $THREADS worker threads, $(nproc) cores," \
	"load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)${PROFILE:+, profile $PROFILE})"

# ---- 1 and 2: the ring -------------------------------------------------------------
# One config per system; the bench parameters come from the environment ($NAME is
# replaced by both runtimes' config loaders).
cat >"$work/skyglass.config" <<CONF
thread = $THREADS
$profile_line
start = "bench_ring"
bench_services = "\$RING_SERVICES"
bench_n = "\$RING_N"
bench_size = "\$RING_SIZE"
bench_what = "\$RING_WHAT"
luaservice = "$root/tests/bench/?.lua"
lua_path = "$root/tests/bench/?.lua"
exit_when_idle = true
CONF
if [ -n "${SKYNET_DIR:-}" ]; then
	. "$root/tests/bench/skynet_config.sh"
	write_skynet_config "$work/skynet.config" bench_ring "thread = $THREADS" "$profile_line" \
		'bench_services = "$RING_SERVICES"' 'bench_n = "$RING_N"' \
		'bench_size = "$RING_SIZE"' 'bench_what = "$RING_WHAT"'
fi

# One ring run: system what services size n. Prints its RING line, or a line saying why not.
ring() {
	if [ "$1" = skyglass ]; then
		line=$(RING_WHAT=$2 RING_SERVICES=$3 RING_SIZE=$4 RING_N=$5 \
			timeout 300 "$build/skyglass" "$work/skyglass.config" 2>&1 | grep '^RING' || true)
	else
		line=$(cd "$SKYNET_DIR" && RING_WHAT=$2 RING_SERVICES=$3 RING_SIZE=$4 RING_N=$5 \
			timeout 300 ./skynet "$work/skynet.config" 2>&1 | grep '^RING' || true)
	fi
	echo "${line:-RING $1 $2 services=$3 size=$4 n=$5 failed}"
}
# The value of field $1 in a RING line on stdin.
get() { tr ' ' '\n' | sed -n "s/^$1=//p"; }

ring_table() { # title, then rows of "what services size n"
	echo
	echo "$1"
	printf '%-5s %8s %6s %9s %12s %9s %8s' what services size n msgs/s peak_MB spawn_s
	[ -n "${SKYNET_DIR:-}" ] && printf ' %12s %9s %8s %8s' skynet_msgs/s sn_peakMB sn_spawn x_skynet
	echo
	shift
	for row in "$@"; do
		set -- $row
		sg=$(ring skyglass "$@")
		printf '%-5s %8s %6s %9s %12s %9s %8s' "$1" "$2" "$3" "$(echo "$sg" | get n)" \
			"$(echo "$sg" | get rate)" "$(echo "$sg" | get peak_kb | awk '{ if ($1 != "") printf "%.1f", $1 / 1024 }')" \
			"$(echo "$sg" | get spawn_s)"
		if [ -n "${SKYNET_DIR:-}" ]; then
			sn=$(ring skynet "$@")
			printf ' %12s %9s %8s %8s' "$(echo "$sn" | get rate)" \
				"$(echo "$sn" | get peak_kb | awk '{ if ($1 != "") printf "%.1f", $1 / 1024 }')" \
				"$(echo "$sn" | get spawn_s)" \
				"$(awk -v a="$(echo "$sg" | get rate)" -v b="$(echo "$sn" | get rate)" \
					'BEGIN { if (a > 0 && b > 0) printf "%.2f", a / b; else printf "-" }')"
		fi
		echo
	done
}

set --
for what in send call; do
	for services in $RINGS; do
		[ $what = send ] && n=$SENDS || n=$CALLS
		set -- "$@" "$what $services 64 $n"
	done
done
ring_table "## ring: N services, each sends (or calls) to the next; 64 B payload" "$@"
ring_table "## ring payloads: 100 services, sends of 64 B, 4 KiB, 64 KiB" \
	"send 100 64 $PAYLOAD_SENDS" "send 100 4096 $PAYLOAD_SENDS" "send 100 65536 $PAYLOAD_SENDS"
[ -n "${SKYNET_DIR:-}" ] || echo "run_scaling: SKYNET_DIR not set; skynet's columns skipped"

# ---- 3: echo -----------------------------------------------------------------------
. "$root/tests/bench/net/server_wait.sh"
# A port any socket holds, in any state: a connection's local port (or one in
# TIME_WAIT) makes a later bind fail as surely as a listener does.
port_busy() {
	hex=$(printf ':%04X' "$1")
	cat /proc/net/tcp /proc/net/tcp6 2>/dev/null |
		awk -v p="$hex" 'substr($2, length($2) - 4) == p { found = 1 } END { exit !found }'
}
peak_mb() { awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo -; }

# 10,000 connections need 10,000 descriptors in the server and in the load generator.
fd_limit=$(ulimit -n)
if [ "$fd_limit" != unlimited ] && [ "$fd_limit" -lt 10100 ]; then
	ulimit -n 10100 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
	fd_limit=$(ulimit -n)
fi

port=$PORT
echo_row() { # conns size msgs
	conns=$1 size=$2 msgs=$3
	if [ "$fd_limit" != unlimited ] && [ "$fd_limit" -lt $((conns + 100)) ]; then
		echo "skipped: $conns connections need $((conns + 100)) descriptors; ulimit -n is $fd_limit (hard $(ulimit -Hn))"
		return
	fi
	raw_rate=""
	for server in $SERVERS; do
		port=$((port + 1))
		while port_busy "$port"; do port=$((port + 1)); done # someone else's
		log=$work/echo-$server.log
		case $server in
		raw) "$build/raw_echo" "$port" >"$log" 2>&1 & ;;
		*) (cd "$root" && ECHO=echo_$server PORT=$port THREADS=$THREADS exec "$build/skyglass" \
			tests/bench/net/config.lua) >"$log" 2>&1 & ;;
		esac
		pid=$!
		if ! wait_listening "$port" "$pid"; then
			echo "$server did not listen on $port: $(tail -1 "$log")"
			continue
		fi
		out=$("$build/net_loadgen" --port "$port" --conns "$conns" --msgs "$msgs" --size "$size" \
			--timeout 200 2>&1) || true
		peak=$(peak_mb "$pid")
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
		case $out in
		*error=* | *net_loadgen:*) echo "$server $conns conns $size B: $out"; continue ;;
		esac
		rate=$(echo "$out" | get msgs_per_s)
		[ -n "$rate" ] || { echo "$server $conns conns $size B: $out"; continue; }
		[ "$server" = raw ] && raw_rate=$rate
		awk -v s="$server" -v c="$conns" -v z="$size" -v m="$msgs" -v rate="$rate" \
			-v p99="$(echo "$out" | get p99_us)" -v raw="$raw_rate" -v peak="$peak" \
			'BEGIN { printf "%-10s %6s %6s %6s %10.0f %9.1f %6s %8s\n", s, c, z, m, rate, p99,
				raw == "" ? "-" : sprintf("%.2f", rate / raw), peak }'
	done
}
echo
echo "## echo: connections x messages each, one in flight per connection (ulimit -n $fd_limit)"
printf '%-10s %6s %6s %6s %10s %9s %6s %8s\n' server conns size msgs msgs/s p99_us x_raw peak_MB
for conns in $CONNS; do
	echo_row "$conns" 64 $((ECHO_TOTAL / conns))
done
echo
echo "## echo payloads: 100 connections, messages of 64 B, 4 KiB, 64 KiB"
printf '%-10s %6s %6s %6s %10s %9s %6s %8s\n' server conns size msgs msgs/s p99_us x_raw peak_MB
for size in 64 4096 65536; do
	msgs=$((ECHO_BYTES / 100 / size))
	[ $msgs -gt $((ECHO_TOTAL / 100)) ] && msgs=$((ECHO_TOTAL / 100))
	[ $msgs -ge 1 ] || msgs=1
	echo_row 100 "$size" "$msgs"
done
