#!/bin/sh
# smoke.sh: bench-viewer's whole path with a tiny trace (4 connections x 20 echoes,
# 2 frames a measure): the trace is made, loaded and drawn, and every line the
# real run prints comes out (ctest bench_viewer_smoke; the real run is `make bench-viewer`).
set -eu
build=$1
dir=$build/bench-viewer-smoke
rm -rf "$dir"
out=$(CONNS=4 MSGS=20 ROUNDS=1 IDLE=0 SETTLE=0 FRAMES=2 TRACE=$dir/trace.jsonl sh "$(dirname "$0")/run.sh" "$build" 2>&1) || { echo "$out"; exit 1; }
echo "$out"
fail() { echo "bench-viewer smoke: $*"; exit 1; }
for what in load reload; do
	echo "$out" | grep -q "after $what: [1-9][0-9]* events (0 bad lines)" || fail "no $what line"
done
for what in "chart alone, whole trace" "whole window, whole trace" "whole window, zoomed, one by one"; do
	echo "$out" | grep -q "after frame: $what .*median [0-9.]* ms" || fail "no frame line: $what"
done
echo "bench-viewer smoke: trace made, loaded, framed"
