-- lesson 30: two cluster nodes play ping-pong; this process is node1 and starts node2.
thread = 2
start = "node1"
luaservice = "lessons/30-cluster/?.lua"
trace = "run/30-cluster-node1.jsonl"
