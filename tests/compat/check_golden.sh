#!/bin/sh
# check_golden.sh: run one program of tests/compat/programs on skyglass alone
# and compare its masked log with skynet's, stored beside it as NAME.golden
# (written by `run_both.sh -g`), so CI checks skynet's behaviour without skynet.
#
#   tests/compat/check_golden.sh SKYGLASS PATH.lua [seconds]
#
# The program ends itself (skynet.abort); `seconds` (default 20) only bounds a
# hang. Exit status: 0 when the logs match, 1 with the diff when they do not.
set -u
[ $# -ge 2 ] || { echo "usage: $0 SKYGLASS PATH.lua [seconds]" >&2; exit 2; }
sg=$1
secs=${3:-20}
here=$(cd "$(dirname "$0")/../.." && pwd)
. "$here/tests/compat/compat_lib.sh"
ref=""
progdir=$(cd "$(dirname "$2")" && pwd)
name=$(basename "$2" .lua)
golden="$progdir/$name.golden"
[ -f "$golden" ] || { echo "FAIL: no $golden" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
start=$name
# The config names the folder relative to the checkout (skyglass runs from
# there), as a short path: Lua cuts a long chunk name to "...tail" in error
# messages, which would differ from the golden on a deep checkout.
progdir=${progdir#"$here"/}
write_skyglass_conf
(cd "$here" && timeout "$secs" "$sg" "$out/skyglass.conf" > "$out/skyglass.raw" 2>&1)
# A marker before each entry names its service in letters, which the mask
# leaves alone, so same_log.py can tell services apart after the mask.
sed -E 's/^\[:([0-9a-f]{8})\]/@@ENTRY \1@@\n&/' "$out/skyglass.raw" |
	sed -E '/^@@ENTRY /y/0123456789/ghijklmnop/' > "$out/skyglass.marked"
mask "$out/skyglass.marked" > "$out/skyglass.log"
if python3 "$here/tests/compat/same_log.py" "$golden" "$out/skyglass.log"; then
	echo "ok: $name logs what skynet logs"
else
	echo "FAIL: $name differs from skynet's log (- skynet, + skyglass)"
	exit 1
fi
