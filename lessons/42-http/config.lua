-- lesson 42: HTTP on skynet: a listener hands accepted sockets to agents that speak http.httpd; a hand-written client and httpc ask.
thread = 2
start = "main"
luaservice = "lessons/42-http/?.lua"
trace = "run/42-http.jsonl"
