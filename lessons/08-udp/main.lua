-- main: starts the UDP echo server, then a client that sends it datagrams.
local skynet = require "skynet"

skynet.start(function()
	local server = skynet.newservice("server")
	local port = skynet.call(server, "lua", "port")
	skynet.newservice("client", port)
	skynet.exit()
end)
