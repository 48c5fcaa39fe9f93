-- lesson 12: one echo server written three ways; (b) callbacks and (c) coroutines run here, (a) raw in compare.sh.
thread = 2
start = "main"
luaservice = "lessons/12-raw-vs-coroutine/?.lua"
trace = "run/12-raw-vs-coroutine.jsonl"
exit_when_idle = true -- end the run when the last service exits (skyglass; skynet keeps running)
