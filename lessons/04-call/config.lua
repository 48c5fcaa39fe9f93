-- lesson 04: send and call, sessions, RESPONSE, a deferred answer, ignoreret, and an error crossing a call.
thread = 2
start = "main"
luaservice = "lessons/04-call/?.lua"
trace = "run/04-call.jsonl"
exit_when_idle = true -- end the run when the last service exits (skyglass; skynet keeps running)
