#!/bin/sh
# run-lesson: runs one lesson with its trace; with a display the viewer shows it live, without one a summary is printed.
set -e
lesson=${1:-lessons/01-hello}
build=${BUILD:-build}
config="$lesson/config.lua"
if [ ! -f "$config" ]; then
	echo "run-lesson: no lesson at $lesson (expected $config)" >&2
	exit 2
fi
mkdir -p run
if [ -n "$DISPLAY" ] && [ -x "$build/skyglass-view" ] && [ -z "$SKYGLASS_NO_VIEWER" ]; then
	echo "opening skyglass-view on $lesson (live); close the window to end"
	exec "$build/skyglass-view" --lesson "$lesson"
fi
"$build/skyglass" "$config"
trace=$(sed -n 's/^trace *= *"\(.*\)".*/\1/p' "$config" | head -n1)
echo
echo "trace written to: $trace"
echo "  view it:    $build/skyglass-view $trace --steps $lesson   (needs a display)"
echo "  Perfetto:   $build/skyglass trace export $trace run/trace.json"
echo
"$build/skyglass" trace summary "$trace"
echo
echo "read the lesson:  $lesson/README.md"
next=$(ls -d lessons/*/ 2>/dev/null | sed 's:/$::' | awk -v cur="$lesson" 'found { print; exit } $0 == cur { found = 1 }')
[ -n "$next" ] && echo "next lesson:      ./scripts/run-lesson.sh $next"
exit 0
