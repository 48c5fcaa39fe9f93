-- lesson 32's nodes 2 and 3, started by node 1 (node1.lua) as processes of their own: harbor $HARBOR.
thread = 2
harbor = $HARBOR
master = "$MASTER"
address = "127.0.0.1:0"
start = "node"
luaservice = "lessons/32-harbor/?.lua"
trace = "run/32-harbor-node$HARBOR.jsonl"
