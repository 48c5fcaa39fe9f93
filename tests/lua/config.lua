-- The config every Lua service test runs under: TEST names the test service.
thread = 2
start = "$TEST"
luaservice = "tests/lua/?.lua"
lua_path = "tests/lua/?.lua"
monitor_interval = 1000
