#!/bin/sh
# run_shared.sh: datacenter, sharedata, sharetable and multicast on a real skynet
# and on skyglass; shared_state.lua prints what a user sees as "SS" lines, and
# the two runs must print the same lines.
# usage: SKYNET_DIR=/path/to/skynet tests/interop/run_shared.sh [build]
# Without SKYNET_DIR it says so and exits 0.
set -eu
. "$(dirname "$0")/interop.sh"
interop_begin run_shared "$@"
proto="sharemap_proto = \"$root/tests/lua/sharemap/foobar.sproto\""
interop_skynet_config shared_state "$proto"
interop_skyglass_config shared_state "$proto"
interop_run_both SS
interop_compare SS
