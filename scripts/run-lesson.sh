#!/bin/sh
# run-lesson: runs one lesson with its trace, prints the trace summary, and opens the viewer when there is a display.
set -e
lesson=${1:-lessons/01-hello}
build=${BUILD:-build}
config="$lesson/config.lua"
if [ ! -f "$config" ]; then
	echo "run-lesson: no lesson at $lesson (expected $config)" >&2
	exit 2
fi
mkdir -p run
"$build/skyglass" "$config"
trace=$(sed -n 's/^trace *= *"\(.*\)".*/\1/p' "$config" | head -n1)
echo
echo "trace written to: $trace"
"$build/skyglass" trace summary "$trace" || true
if [ -n "$DISPLAY" ] && [ -x "$build/skyglass-view" ]; then
	"$build/skyglass-view" "$trace"
fi
