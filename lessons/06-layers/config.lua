-- lesson 06: one client write climbs every layer to a coroutine; the reply goes back down; high and low write lists.
thread = 2
start = "main"
luaservice = "lessons/06-layers/?.lua"
trace = "run/06-layers.jsonl"
exit_when_idle = true -- end the run when the last service exits (skyglass; skynet keeps running)
