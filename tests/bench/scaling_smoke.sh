#!/bin/sh
# scaling_smoke.sh: run_scaling.sh at SCALE=smoke (seconds) and check the tables' shape:
# every ring and echo row is there with a rate and a peak RSS above zero, and no row
# failed. It guards the bench against runtime changes; it measures nothing.
#   tests/bench/scaling_smoke.sh BUILD_DIR
set -eu
build=${1:?usage: scaling_smoke.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp)
trap 'rm -f "$out"' EXIT
# A first port of our own, away from other tests' (they use port 0) and other runs',
# and below the kernel's ephemeral range (32768 and up), where connections pick theirs.
SCALE=smoke SKYNET_DIR= PORT=$((20000 + $$ % 10000)) timeout 240 sh "$here/run_scaling.sh" "$build" >"$out" 2>&1 ||
	{ cat "$out"; echo "scaling_smoke: run_scaling.sh failed" >&2; exit 1; }
awk '
/^## / { table = $2 }
table == "ring:" && /^(send|call) / { if ($5 > 0 && $6 > 0) ring++; else bad = bad "\n" $0 }
table == "ring" && /^send / { if ($5 > 0 && $6 > 0) payload++; else bad = bad "\n" $0 }
table ~ /^echo/ && /^(raw|callback|coroutine) / { if ($5 > 0 && $8 > 0 && $7 ~ /^[0-9.]+$/) echo_rows++; else bad = bad "\n" $0 }
/failed|did not listen|error=|^skipped:|net_loadgen:|usage/ { bad = bad "\n" $0 }
END {
	if (bad != "") { print "scaling_smoke: bad rows:" bad; exit 1 }
	if (ring != 6 || payload != 3 || echo_rows != 18) {
		printf "scaling_smoke: %d ring, %d payload, %d echo rows (want 6, 3, 18)\n", ring, payload, echo_rows
		exit 1
	}
	print "scaling_smoke: 6 ring, 3 payload and 18 echo rows, all with a rate and a peak RSS"
}' "$out" || { cat "$out"; exit 1; }
