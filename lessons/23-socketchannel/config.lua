-- lesson 23: skynet.socketchannel: coroutines of one service share one connection to a backend (order mode, session mode, a dropped connection).
thread = 2
start = "client"
luaservice = "lessons/23-socketchannel/?.lua"
trace = "run/23-socketchannel.jsonl"
exit_when_idle = true -- end the run when the last service exits (skyglass; skynet keeps running)
