-- The config of the socket tests: TEST names the service to start.
thread = 2
start = "$TEST"
luaservice = "tests/net/lua/?.lua;lessons/03-gate/?.lua;tests/lua/?.lua"
lua_path = "tests/net/lua/?.lua;tests/lua/?.lua"
monitor_interval = 1000
exit_when_idle = true -- end the run when the last service exits (skyglass; skynet keeps running)
