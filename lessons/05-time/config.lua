-- lesson 05: time: sleep, timeout, fork, wait and wakeup, and the timer's ticks.
thread = 2
start = "main"
luaservice = "lessons/05-time/?.lua"
trace = "run/05-time.jsonl"
exit_when_idle = true -- end the run when the last service exits (skyglass; skynet keeps running)
