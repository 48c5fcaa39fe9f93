#!/bin/sh
# run_both.sh: run one skynet program on skynet and on skyglass, and diff
# what each logs once addresses, pointers, paths and times are masked.
#
#   tests/compat/run_both.sh [-t seconds] [-k] [-g] NAME|PATH.lua [args...]
#
# NAME is a service found in $SKYNET_DIR/test or examples (SKYNET_DIR: a built
# skynet checkout, as for `make bench`); PATH.lua is a program of its own
# folder (tests/compat/programs/), whose folder both runtimes get as services
# and modules. Both runtimes get the same small config: harbor 0, two threads,
# the program as `start` (compat_lib.sh). Each run is stopped after `seconds`
# (default 5): most of skynet's tests never exit; our programs end with
# skynet.abort().
# -k keeps the raw and masked logs in $OUT (default /tmp/compat.NAME).
# -g writes skynet's masked log as PATH.golden, which check_golden.sh (ctest,
# no skynet needed) compares skyglass's with.
# Exit status: 0 when the masked logs are the same, 1 when they differ.
set -u
secs=5
keep=0
golden=0
while [ $# -gt 0 ]; do
	case "$1" in
	-t) secs=$2; shift 2 ;;
	-k) keep=1; shift ;;
	-g) golden=1; shift ;;
	*) break ;;
	esac
done
[ $# -ge 1 ] || { echo "usage: $0 [-t seconds] [-k] [-g] NAME|PATH.lua [args...]" >&2; exit 2; }
name=$1; shift
args="$*"
here=$(cd "$(dirname "$0")/../.." && pwd)
. "$here/tests/compat/compat_lib.sh"
ref=${SKYNET_DIR:-}
[ -x "$ref/skynet" ] || { echo "$0: set SKYNET_DIR to a built skynet checkout (no skynet binary in '$ref')" >&2; exit 2; }
ref=$(cd "$ref" && pwd)
progdir=""
case "$name" in
*.lua)
	progdir=$(cd "$(dirname "$name")" && pwd)
	name=$(basename "$name" .lua) ;;
esac
sg=${SKYGLASS:-$here/build/skyglass}
out=${OUT:-/tmp/compat.$name}
mkdir -p "$out"
start="$name"
[ -n "$args" ] && start="$name $args"
write_skynet_conf
write_skyglass_conf

(cd "$ref" && timeout "$secs" ./skynet "$out/skynet.conf" > "$out/skynet.raw" 2>&1)
(cd "$ref" && timeout "$secs" "$sg" "$out/skyglass.conf" > "$out/skyglass.raw" 2>&1)
mask "$out/skynet.raw" > "$out/skynet.log"
mask "$out/skyglass.raw" > "$out/skyglass.log"
if [ $golden -eq 1 ]; then
	[ -n "$progdir" ] || { echo "$0: -g needs a PATH.lua program" >&2; exit 2; }
	cp "$out/skynet.log" "$progdir/$name.golden"
fi
if diff -u "$out/skynet.log" "$out/skyglass.log" > "$out/diff"; then
	echo "same: $name"
	status=0
else
	echo "different: $name ($(grep -c '^[-+][^-+]' "$out/diff") lines)"
	status=1
fi
[ $keep -eq 1 ] || true
exit $status
