-- lesson 09: flow control: a fast writer, a slow reader, pause, WARNING, and where the bytes wait.
thread = 2
start = "main"
luaservice = "lessons/09-flow-control/?.lua"
trace = "run/09-flow-control.jsonl"
exit_when_idle = true -- end the run when the last service exits (skyglass; skynet keeps running)
