-- lesson 40: websocket vs http. Headless: the client service plays the browser's part.
thread = 2
start = "main"
luaservice = "lessons/40-websocket/?.lua"
trace = "run/40-websocket.jsonl"
