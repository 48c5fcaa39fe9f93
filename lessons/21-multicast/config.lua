-- lesson 21: multicast: one publish fanned out to every subscriber, one shared buffer.
thread = 2
start = "main"
luaservice = "lessons/21-multicast/?.lua"
trace = "run/21-multicast.jsonl"
exit_when_idle = true -- end the run when the last service exits (skyglass; skynet keeps running)
