-- The config of the harbor test's master node (harbor 1, standalone); harbor_test.py sets the variables.
thread = 2
harbor = 1
standalone = "$MASTER"
master = "$MASTER"
address = "$ADDRESS"
start = "$START"
luaservice = "tests/harbor/?.lua"
lua_path = "tests/harbor/?.lua"
harbor_handshake_timeout = 1
