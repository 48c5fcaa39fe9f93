-- The config of test_loader: config.lua's keys, a folder-per-service pattern, preload and lua_cpath.
thread = 2
start = "test_loader"
luaservice = "tests/lua/?.lua;tests/lua/?/main.lua"
lua_path = "tests/lua/?.lua"
lua_cpath = "tests/lua/?.so"
preload = "tests/lua/preload.lua"
exit_when_idle = true
