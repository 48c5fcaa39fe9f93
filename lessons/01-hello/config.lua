-- lesson 01: a first service and a ping-pong with call.
thread = 2
start = "main"
luaservice = "lessons/01-hello/?.lua"
trace = "run/01-hello.jsonl"
exit_when_idle = true -- end the run when the last service exits (skyglass; skynet keeps running)
