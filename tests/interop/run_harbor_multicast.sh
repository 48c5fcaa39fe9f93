#!/bin/sh
# run_harbor_multicast.sh: multicast channels shared by skyglass and real skynet nodes of one
# harbor network (tests/harbor/mc_test.py's three nodes: node a owns the channels, b publishes,
# c deletes), so the messages between the multicastd services are checked against skynet's:
# a skynet owner with a skyglass publisher ("ac"), the reverse ("b"), a skynet owner alone ("a"),
# a skynet deleter alone ("c"), and all on skynet ("abc": the expected deliveries are skynet's).
# usage: SKYNET_DIR=/path/to/skynet tests/interop/run_harbor_multicast.sh [build]
set -eu
. "$(dirname "$0")/interop.sh"
interop_begin run_harbor_multicast "$@"
status=0
for nodes in ac b a c abc; do
	if timeout 150 python3 "$root/tests/harbor/mc_test.py" "$skyglass" "$SKYNET_DIR" "$nodes" >"$work/$nodes.log" 2>&1; then
		echo "ok   on skynet: $nodes"
	else
		echo "FAIL on skynet: $nodes"; cat "$work/$nodes.log"; status=1
	fi
done
exit $status
