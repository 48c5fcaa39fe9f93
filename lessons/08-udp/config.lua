-- lesson 08: UDP: datagrams with addresses, no connection, no stream.
thread = 2
start = "main"
luaservice = "lessons/08-udp/?.lua"
trace = "run/08-udp.jsonl"
exit_when_idle = true -- end the run when the last service exits (skyglass; skynet keeps running)
