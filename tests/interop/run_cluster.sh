#!/bin/sh
# run_cluster.sh: a skyglass node and a real skynet node in one cluster, on
# 127.0.0.1 with free ports. skynet runs cluster_peer.lua (node "sk"), skyglass
# runs cluster_caller.lua (node "sg"); the skyglass side's cases decide the result.
# usage: SKYNET_DIR=/path/to/skynet tests/interop/run_cluster.sh [build]
set -eu
. "$(dirname "$0")/interop.sh"
interop_begin run_cluster "$@"
skynet_pid=""
cleanup() {
	[ -n "$skynet_pid" ] && kill "$skynet_pid" 2>/dev/null || true
	[ -f "$work/skynet2.pid" ] && kill "$(cat "$work/skynet2.pid")" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
cat >"$work/nodes.lua" <<NODES
sk = "127.0.0.1:$(free_port)"
sg = "127.0.0.1:$(free_port)"
NODES
interop_skynet_config cluster_peer "cluster = \"$work/nodes.lua\""
interop_skyglass_config cluster_caller "cluster = \"$work/nodes.lua\""

(cd "$SKYNET_DIR" && exec ./skynet "$work/skynet.config") >"$work/skynet.log" 2>&1 &
skynet_pid=$!
i=0
until grep -q SK_READY "$work/skynet.log"; do
	i=$((i + 1))
	if [ $i -gt 100 ] || ! kill -0 "$skynet_pid" 2>/dev/null; then
		echo "run_cluster: the skynet node did not start"; cat "$work/skynet.log"; exit 1
	fi
	sleep 0.1
done
# One case calls pong's "slow"; kill the skynet node when it starts (bounded
# wait), then start it again on the same port, so that the next case sees a
# later call reconnect. The restarted node's pid goes to a file for cleanup.
(
	i=0
	until grep -q SLOW_STARTED "$work/skynet.log" 2>/dev/null; do
		i=$((i + 1)); [ $i -gt 600 ] && exit 0; sleep 0.1
	done
	kill -9 "$skynet_pid" 2>/dev/null
	while kill -0 "$skynet_pid" 2>/dev/null; do sleep 0.1; done
	(cd "$SKYNET_DIR" && exec ./skynet "$work/skynet.config") >"$work/skynet2.log" 2>&1 &
	echo $! >"$work/skynet2.pid"
) &
status=0
timeout 60 "$skyglass" "$work/skyglass.config" >"$work/skyglass.log" 2>&1 || status=$?
grep -E "ok   |FAIL|passed" "$work/skyglass.log" || true
if [ $status -ne 0 ]; then
	echo "--- skyglass log"; cat "$work/skyglass.log"
	echo "--- skynet log"; cat "$work/skynet.log"
	[ -f "$work/skynet2.log" ] && { echo "--- restarted skynet log"; cat "$work/skynet2.log"; }
fi
exit $status
