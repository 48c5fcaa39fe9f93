-- lesson 07: sticky packets (粘包): merged frames, a header split across reads, a zero-length packet.
thread = 2
start = "main"
luaservice = "lessons/07-sticky/?.lua"
trace = "run/07-sticky.jsonl"
exit_when_idle = true -- end the run when the last service exits (skyglass; skynet keeps running)
