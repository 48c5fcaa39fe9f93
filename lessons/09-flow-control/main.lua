-- main: starts the writer (a server that pushes bytes) and the reader (a client that is slow to read them).
local skynet = require "skynet"

skynet.start(function()
	local writer = skynet.newservice("writer")
	local port = skynet.call(writer, "lua", "listen")
	skynet.newservice("reader", port, writer)
	skynet.exit()
end)
