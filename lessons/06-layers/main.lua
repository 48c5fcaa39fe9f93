-- main: starts the server on a free port, then the client.
local skynet = require "skynet"

skynet.start(function()
	local server = skynet.newservice("server")
	local port = skynet.call(server, "lua", "listen")
	skynet.newservice("client", port, server)
	skynet.exit()
end)
