-- main: starts way (b) and way (c) of the echo server on free ports, then the client that talks to both.
-- Way (a), the raw C++ server, runs outside the runtime: see compare.sh.
local skynet = require "skynet"

skynet.start(function()
	local callback = skynet.newservice("echo_callback", 0)
	local coroutine_echo = skynet.newservice("echo_coroutine", 0)
	skynet.newservice("client", skynet.call(callback, "lua", "port"), skynet.call(coroutine_echo, "lua", "port"))
	skynet.exit()
end)
