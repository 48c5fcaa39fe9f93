#!/bin/sh
# run_seri.sh: skynet.packstring on real skynet and on skyglass, byte for byte.
# Runs seri_vectors.lua as the start service of each and compares the "VEC" lines.
# usage: SKYNET_DIR=/path/to/skynet tests/interop/run_seri.sh [build]
# Without SKYNET_DIR it says so and exits 0 (CI has no skynet).
set -eu
. "$(dirname "$0")/interop.sh"
interop_begin run_seri "$@"
interop_skynet_config seri_vectors
interop_skyglass_config seri_vectors
interop_run_both VEC
interop_compare VEC
