-- The config of both nodes of the cluster benchmark (run_cluster.sh sets the variables).
thread = 2
start = "$START"
cluster = "$CLUSTER_FILE"
luaservice = "tests/bench/?.lua;tests/cluster/?.lua"
lua_path = "tests/bench/?.lua"
snax = "tests/cluster/?.lua" -- node_a starts a snax service (tests/cluster/pingsnax.lua)
