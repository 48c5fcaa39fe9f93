-- lesson 41: skynet's login flow: loginserver -> msgserver -> msgagent.
thread = 2
start = "main"
luaservice = "lessons/41-login/?.lua"
lua_path = "lessons/41-login/?.lua"
trace = "run/41-login.jsonl"
