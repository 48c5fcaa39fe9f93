-- The config of the Lua benchmarks: BENCH names the service, BENCH_TRACE the trace ("" = off).
thread = $BENCH_THREADS
start = "$BENCH"
luaservice = "tests/bench/?.lua"
trace = "$BENCH_TRACE"
lua_path = "tests/bench/?.lua"
exit_when_idle = true -- end the run when the last service exits (skyglass; skynet keeps running)
bench_n = "$BENCH_N" -- "" = each bench's default
bench_services = "$BENCH_SERVICES" -- bench_ring: how many services in the ring
bench_named = "$BENCH_NAMED" -- bench_parked: "1" calls by name, "raw" by rawcall
