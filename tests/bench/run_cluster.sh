#!/bin/sh
# run_cluster.sh: cluster calls per second between two local skyglass nodes (node a
# is the cluster test's node_a; the caller is bench_cluster.lua). Free ports.
set -eu
build=${1:-build}
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
a_pid=""
cleanup() {
	[ -n "$a_pid" ] && kill "$a_pid" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
echo "a = \"127.0.0.1:$port\"" >"$work/nodes.lua"
export CLUSTER_FILE="$work/nodes.lua"
START=node_a "$build/skyglass" tests/bench/cluster_config.lua >"$work/a.log" 2>&1 &
a_pid=$!
i=0
until grep -q NODE_A_READY "$work/a.log"; do
	i=$((i + 1))
	[ $i -gt 100 ] && { echo "node a did not start"; cat "$work/a.log"; exit 1; }
	sleep 0.1
done
START=bench_cluster timeout 120 "$build/skyglass" tests/bench/cluster_config.lua 2>&1 | grep '^BENCH'
