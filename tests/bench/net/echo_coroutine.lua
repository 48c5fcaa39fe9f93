-- echo_coroutine: echo with coroutine reads. One coroutine per connection
-- suspends in socket.read until bytes arrive, then writes them back. (The
-- accept callback runs in the ACCEPT message's own coroutine, so it may loop.)
local skynet = require "skynet"
local socket = require "skynet.socket"

local function serve(fd)
	socket.start(fd)
	while true do
		local data = socket.read(fd)
		if not data then
			break
		end
		socket.write(fd, data)
	end
	socket.close(fd)
end

skynet.start(function()
	local port = assert(tonumber(skynet.getenv("port")), "config: port")
	local listener = socket.listen("127.0.0.1", port, 1024)
	socket.start(listener, serve)
	skynet.error("echo_coroutine ready on " .. port)
end)
