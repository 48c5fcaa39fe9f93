-- lesson 02: one line of TCP climbs from epoll to a Lua coroutine, and back.
thread = 2
start = "main"
luaservice = "lessons/02-echo/?.lua"
trace = "run/02-echo.jsonl"
exit_when_idle = true -- end the run when the last service exits (skyglass; skynet keeps running)
