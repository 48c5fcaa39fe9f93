-- lesson 12's benchmark config (compare.sh): ECHO names the echo service (echo_callback or
-- echo_coroutine), THREADS the worker threads. The server listens on a free port, logs it,
-- and exits when the load generator's last connection closes.
thread = $THREADS
start = "$ECHO"
port = "0"
once = "once"
luaservice = "lessons/12-raw-vs-coroutine/?.lua"
