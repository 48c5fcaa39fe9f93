#!/bin/sh
# run_harbor.sh: skyglass and real skynet nodes in one harbor network (master/slave),
# on 127.0.0.1 with free ports: tests/harbor/harbor_test.py's three nodes and cases,
# with some nodes on skynet: a skyglass slave with a skynet master and slave ("ac"),
# the reverse ("b"), a skynet master alone ("a"), a skynet slave alone ("c"), and
# all on skynet ("abc", which shows the cases are skynet's behaviour).
# usage: SKYNET_DIR=/path/to/skynet tests/interop/run_harbor.sh [build]
set -eu
. "$(dirname "$0")/interop.sh"
interop_begin run_harbor "$@"
status=0
for nodes in ac b a c abc; do
	if timeout 150 python3 "$root/tests/harbor/harbor_test.py" "$skyglass" "$SKYNET_DIR" "$nodes" >"$work/$nodes.log" 2>&1; then
		echo "ok   on skynet: $nodes"
	else
		echo "FAIL on skynet: $nodes"; cat "$work/$nodes.log"; status=1
	fi
done
exit $status
