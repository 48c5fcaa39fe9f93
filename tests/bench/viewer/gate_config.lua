-- The config that makes bench-viewer's trace (run.sh): lesson 03's gate, watchdog
-- and agents echo what net_loadgen sends, with the trace on, written to $TRACE.
thread = 2
start = "echo_gate"
port = "$PORT"
luaservice = "tests/bench/net/?.lua;lessons/03-gate/?.lua"
lua_path = "tests/bench/net/?.lua"
trace = "$TRACE"
