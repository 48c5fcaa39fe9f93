-- lesson 30's node2, started by node1 (node1.lua) as a second process.
thread = 2
start = "node2"
luaservice = "lessons/30-cluster/?.lua"
trace = "run/30-cluster-node2.jsonl"
