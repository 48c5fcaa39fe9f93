-- lesson 32: a harbor network of three processes; this one is node 1 (harbor 1, the master) and starts nodes 2 and 3.
thread = 2
harbor = 1
-- port 0: the OS picks free ports (skyglass); cmaster tells the one it got
-- (standalone_address), and node1.lua hands it to the nodes it starts.
standalone = "127.0.0.1:0"
master = "127.0.0.1:0"
address = "127.0.0.1:0"
start = "node1"
luaservice = "lessons/32-harbor/?.lua"
trace = "run/32-harbor-node1.jsonl"
