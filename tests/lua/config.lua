-- The config every Lua service test runs under: TEST names the test service.
thread = 2
start = "$TEST"
luaservice = "tests/lua/?.lua"
lua_path = "tests/lua/?.lua"
monitor_interval = 1000
exit_when_idle = true -- end the run when the last service exits (skyglass; skynet keeps running)
snax = "tests/lua/snax/?.lua"
