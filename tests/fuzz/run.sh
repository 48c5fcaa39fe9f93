#!/bin/sh
# run.sh SECONDS: build every fuzzer in tests/fuzz with clang (in build-fuzz, apart
# from the normal build) and run each one for SECONDS. A few seconds in CI; minutes
# or hours by hand. The corpus of each fuzzer is kept in build-fuzz/corpus/<name>,
# so a long run by hand leaves later short runs a better start.
# Exits non-zero if a fuzzer finds a crash; the input is left in build-fuzz/.
set -eu

seconds=${1:?usage: tests/fuzz/run.sh SECONDS}
root=$(cd "$(dirname "$0")/../.." && pwd)
build="$root/build-fuzz"

CC=clang CXX=clang++ cmake -S "$root" -B "$build" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSKYGLASS_VIEWER=OFF -DSKYGLASS_FUZZ=ON >/dev/null

# A fuzzer fuzz_<name> lives in tests/fuzz/fuzz_<name>.cpp.
fuzzers=""
for source in "$root"/tests/fuzz/fuzz_*.cpp; do
    fuzzers="$fuzzers $(basename "$source" .cpp)"
done
# shellcheck disable=SC2086  # the names are words by construction
cmake --build "$build" --parallel 2 --target $fuzzers

for fuzzer in $fuzzers; do
    corpus="$build/corpus/$fuzzer"
    mkdir -p "$corpus"
    # The reader starts from the fixtures and the known-bad traces.
    if [ "$fuzzer" = fuzz_trace_reader ]; then
        cp "$root"/tests/viewer/fixtures/*.jsonl "$root"/tests/viewer/bad/* "$corpus"/ 2>/dev/null || true
    fi
    # The config loader starts from every lesson's config.
    if [ "$fuzzer" = fuzz_config ]; then
        for config in "$root"/lessons/*/config.lua; do
            cp "$config" "$corpus/$(basename "$(dirname "$config")").lua"
        done
    fi
    echo "== $fuzzer: $seconds s"
    (cd "$build" && "./tests/fuzz/$fuzzer" -max_total_time="$seconds" -print_final_stats=1 "$corpus")
done
