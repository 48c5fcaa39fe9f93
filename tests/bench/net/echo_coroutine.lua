-- echo_coroutine: echo with coroutine reads. One coroutine per connection
-- suspends in socket.read until bytes arrive, then writes them back. (The
-- accept callback runs in the ACCEPT message's own coroutine, so it may loop.)
local skynet = require "skynet"
local socket = require "skynet.socket"

-- Stop reading while the client does not read what we send (backpressure,
-- as lessons/02-echo/main.lua explains); it costs nothing while all goes out.
local function backpressure(fd)
	local backlog = false
	socket.warning(fd, function(_, kib)
		backlog = kib > 0
	end)
	return function()
		while backlog and not socket.disconnected(fd) do
			skynet.sleep(1)
		end
	end
end

local function serve(fd)
	socket.start(fd)
	local wait_sent = backpressure(fd)
	while true do
		wait_sent()
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
