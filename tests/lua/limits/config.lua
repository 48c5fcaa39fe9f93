-- The config of the service-limit tests (tests/lua/service_limits.sh sets TEST and THREAD).
thread = $THREAD
start = "$TEST"
luaservice = "tests/lua/limits/?.lua;tests/lua/?.lua"
lua_path = "tests/lua/?.lua"
monitor_interval = 100
