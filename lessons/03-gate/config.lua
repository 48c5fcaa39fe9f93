-- lesson 03: gate, watchdog and agent; netpack splits sticky packets and joins a split one.
thread = 2
start = "main"
luaservice = "lessons/03-gate/?.lua"
trace = "run/03-gate.jsonl"
exit_when_idle = true -- end the run when the last service exits (skyglass; skynet keeps running)
