-- server: answers one line, then shows the write lists: a big high-priority write that gets stuck,
-- a low-priority one and a high-priority one queued behind it.
local skynet = require "skynet"
local socket = require "skynet.socket"

local BIG = 16 * 1024 * 1024 -- more than the two kernel buffers of a loopback connection hold (about 4 MiB here, 10 at most)
local client                  -- the client service, told when to read
local serving                 -- the coroutine serving the connection, while it waits for the client to pause

local function serve(fd)
	-- lesson 06.1: start lets socket_server read this fd; readline suspends this coroutine until a line is buffered
	socket.start(fd)
	local line = socket.readline(fd)
	skynet.error("server: got " .. line)
	-- lesson 06.2: write goes down: a send command to the socket thread, which sends at once when the lists are empty
	socket.write(fd, line:upper() .. "\n")

	-- Part 2: the write lists. The client pauses its socket and reads nothing for now.
	serving = coroutine.running()
	skynet.wait(serving)
	serving = nil
	local stuck = coroutine.running()
	socket.warning(fd, function(_, kib)
		if kib > 0 and stuck then
			skynet.wakeup(stuck)
		end
	end)
	-- lesson 06.3: the kernel takes a few MiB; the rest of this write waits in the high-priority list
	socket.write(fd, string.rep("a", BIG))
	-- Until the WARNING says more than 1 MiB is queued; a kernel with huge
	-- buffers might take it all, so give up after 3 s and say so.
	skynet.timeout(300, function()
		if stuck then
			skynet.error("server: no WARNING after 3 s: the kernel took almost all of the big write")
			skynet.wakeup(stuck)
		end
	end)
	skynet.wait(stuck)
	stuck = nil
	-- lesson 06.4: lwrite goes to the low-priority list; the next write to the high one, behind the big write
	socket.lwrite(fd, string.rep("b", 64 * 1024))
	socket.write(fd, string.rep("C", 16))
	skynet.error("server: the big write is stuck; queued 64 KiB low priority, then 16 B high priority")
	skynet.send(client, "lua", "read", BIG + 64 * 1024 + 16)
end

local CMD = {}

function CMD.listen(source)
	client = nil
	local id, _, port = socket.listen("127.0.0.1", 0)
	socket.start(id, function(fd)
		socket.close(id)
		serve(fd)
	end)
	return port
end

function CMD.hello(source)
	client = source
end

function CMD.paused(source)
	skynet.wakeup(serving)
end

skynet.start(function()
	skynet.dispatch("lua", function(_, source, cmd)
		local f = assert(CMD[cmd], "server: unknown command " .. tostring(cmd))
		skynet.ret(skynet.pack(f(source)))
	end)
end)
