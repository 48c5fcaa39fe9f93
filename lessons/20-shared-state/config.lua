-- lesson 20: shared state: datacenter's wait woken by a later set; sharedata read by many from one copy.
thread = 2
start = "main"
luaservice = "lessons/20-shared-state/?.lua"
trace = "run/20-shared-state.jsonl"
exit_when_idle = true -- end the run when the last service exits (skyglass; skynet keeps running)
