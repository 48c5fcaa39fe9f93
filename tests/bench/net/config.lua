-- The config of the network benchmarks (run.sh): ECHO names the echo service, PORT
-- its port, THREADS the worker threads.
thread = $THREADS
start = "$ECHO"
port = "$PORT"
luaservice = "tests/bench/net/?.lua;lessons/03-gate/?.lua"
lua_path = "tests/bench/net/?.lua"
exit_when_idle = true -- end the run when the last service exits (skyglass; skynet keeps running)
