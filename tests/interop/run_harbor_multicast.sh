#!/bin/sh
# run_harbor_multicast.sh: multicast channels shared by skyglass and real skynet nodes of one
# harbor network, so the messages between the multicastd services are checked against skynet's.
#  1. tests/harbor/mc_test.py's three nodes (node a owns the channels, b publishes, c deletes,
#     b unsubscribes): a skynet owner with a skyglass publisher ("ac"), the reverse ("b"), a
#     skynet owner alone ("a"), a skynet deleter alone ("c"), and all on skynet ("abc": the
#     expected deliveries are skynet's).
#  2. skynet's own test/testmulticast.lua (node 1) and testmulticast2.lua (node 2), as skynet's
#     users run them (tests/interop/harbor_testmulticast.py): every delivery line of all-skyglass,
#     of a skynet node 2 and of a skynet node 1 must be those of all-skynet. skynet's owner has a
#     race of its own (docs/lua-api.md, skynet.multicast): a delete that arrives while it looks up
#     a subscribing node loses the owner's local deliveries (2 runs of 12 on skynet alone, on
#     2026-12-03), so a run with a skynet node 1 is tried up to three times.
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

# testmulticast NODES TRIES: a run's sorted delivery lines in $work/tm-NODES.txt.
testmulticast() {
	try=1
	while [ "$try" -le "$2" ]; do
		if timeout 120 python3 "$root/tests/interop/harbor_testmulticast.py" "$skyglass" "$SKYNET_DIR" "$1" \
			>"$work/tm-$1.txt" 2>"$work/tm-$1.log"; then
			return 0
		fi
		try=$((try + 1))
	done
	return 1
}
if ! testmulticast 12 3; then
	echo "FAIL testmulticast on skynet alone (3 tries)"; tail -3 "$work/tm-12.log"; exit 1
fi
for nodes in "" 2 1; do
	tries=1; [ "$nodes" = 1 ] && tries=3
	if testmulticast "$nodes" $tries && diff "$work/tm-12.txt" "$work/tm-$nodes.txt" >"$work/tm.diff"; then
		echo "ok   testmulticast, on skynet: ${nodes:-none} ($(wc -l <"$work/tm-12.txt") deliveries as skynet's)"
	else
		echo "FAIL testmulticast, on skynet: ${nodes:-none}"; tail -3 "$work/tm-$nodes.log"; cat "$work/tm.diff"; status=1
	fi
done
exit $status
