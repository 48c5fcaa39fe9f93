-- lesson 31: an agent behind lesson 03's gate speaks sproto to its client.
thread = 2
start = "main"
luaservice = "lessons/31-sproto/?.lua;lessons/03-gate/?.lua"
lua_path = "lessons/31-sproto/?.lua"
trace = "run/31-sproto.jsonl"
