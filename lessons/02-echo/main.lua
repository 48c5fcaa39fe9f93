-- main: a line echo server on a free port, and a client service that talks to it.
local skynet = require "skynet"
local socket = require "skynet.socket"

skynet.start(function()
	-- lesson 02.1: listen asks the socket thread (through its command queue) to bind and listen
	local listen_id, addr, port = socket.listen("127.0.0.1", 0)
	skynet.error("echo server listening on " .. addr .. ":" .. port)
	socket.start(listen_id, function(fd, peer)
		skynet.error("accepted " .. peer .. " as socket " .. fd)
		-- lesson 02.3: a new connection stays paused until its owner starts it
		socket.start(fd)
		while true do
			-- lesson 02.4: readline suspends only this coroutine until a whole line is buffered
			local line = socket.readline(fd)
			if not line then
				break
			end
			socket.write(fd, line .. "\n")
		end
		skynet.error("socket " .. fd .. " closed by the client")
		socket.close(fd)
	end)
	skynet.newservice("client", port)
end)
