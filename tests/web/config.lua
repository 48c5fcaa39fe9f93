-- The config the web end-to-end tests run under: TEST names the start service,
-- CERT_DIR (optional) holds the self-signed server-cert.pem / server-key.pem.
thread = 2
enablessl = "true" -- https and wss load ltls.c, which wants it (as skynet's)
start = "$TEST"
luaservice = "tests/web/lua/?.lua;tests/lua/?.lua;lessons/41-login/?.lua"
lua_path = "tests/web/lua/?.lua;tests/lua/?.lua;lessons/41-login/?.lua"
cert_dir = "$CERT_DIR"
certfile = "$CERT_DIR/server-cert.pem"
keyfile = "$CERT_DIR/server-key.pem"
ws_port = "$WS_PORT"
