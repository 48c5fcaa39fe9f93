-- The config of both nodes of the cluster test; cluster_test.py sets the variables.
thread = 2
start = "$START"
cluster = "$CLUSTER_FILE"
luaservice = "tests/cluster/?.lua"
snax = "tests/cluster/?.lua"
lua_path = "tests/cluster/?.lua;tests/lua/?.lua"
a_port = "$A_PORT"  -- node b tries to listen on node a's port
