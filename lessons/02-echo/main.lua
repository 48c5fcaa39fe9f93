-- main: a line echo server on a free port, and a client service that talks to it.
local skynet = require "skynet"
local socket = require "skynet.socket"

-- Backpressure: socket.write never blocks; what a client does not read waits
-- in the socket thread, and a client that sends without reading would make
-- that grow without end. socket.warning calls back with the KiB waiting (past
-- 1 MiB, then at each doubling; 0 once all is sent). While any wait, this
-- echo stops reading: unread input fills socket.lua's buffer, the socket
-- pauses at 128 KiB, and TCP makes the client wait.
local function backpressure(fd)
	local backlog = false
	socket.warning(fd, function(_, kib)
		backlog = kib > 0
	end)
	return function()
		-- A poll every 10 ms: WARNING 0 never comes if the client leaves.
		while backlog and not socket.disconnected(fd) do
			skynet.sleep(1)
		end
	end
end

skynet.start(function()
	-- lesson 02.1: listen asks the socket thread (through its command queue) to bind and listen
	local listen_id, addr, port = socket.listen("127.0.0.1", 0)
	skynet.error("echo server listening on " .. addr .. ":" .. port)
	socket.start(listen_id, function(fd, peer)
		skynet.error("accepted " .. peer .. " as socket " .. fd)
		-- lesson 02.3: a new connection stays paused until its owner starts it
		socket.start(fd)
		local wait_sent = backpressure(fd)
		while true do
			wait_sent()
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
