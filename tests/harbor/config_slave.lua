-- The config of the harbor test's other nodes (a slave joining the master); harbor_test.py sets the variables.
thread = 2
harbor = $HARBOR
master = "$MASTER"
address = "$ADDRESS"
start = "$START"
luaservice = "tests/harbor/?.lua"
lua_path = "tests/harbor/?.lua"
harbor_handshake_timeout = 1
