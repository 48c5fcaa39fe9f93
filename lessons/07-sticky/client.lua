-- client: writes framed packets (2-byte big-endian length + body) in awkward pieces, one piece per server read.
local skynet = require "skynet"
local socket = require "skynet.socket"
require "skynet.manager"

local port, server = ...
local waiting          -- the coroutine waiting for the server to consume a piece
local consumed = 0     -- pieces the server has read so far

local function frame(text)
	return string.pack(">s2", text)
end

-- Write one piece and wait until the server has read it: the next piece can
-- then never be merged into the same read by the kernel.
local function piece(fd, bytes)
	local want = consumed + 1
	socket.write(fd, bytes)
	while consumed < want do
		waiting = coroutine.running()
		skynet.wait(waiting)
	end
end

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd)
		assert(cmd == "consumed")
		consumed = consumed + 1
		if waiting then
			skynet.wakeup(waiting)
			waiting = nil
		end
	end)
	skynet.call(tonumber(server), "lua", "watch")
	local fd = assert(socket.open("127.0.0.1", tonumber(port)))

	-- lesson 07.4: three frames in one write: 17 bytes, one read, three packets (粘包)
	piece(fd, frame("one") .. frame("two") .. frame("three"))

	local four = frame("four")
	-- lesson 07.5: only the first byte of a header: netpack cannot even know the length yet
	piece(fd, four:sub(1, 1))
	-- the second header byte and half the body
	piece(fd, four:sub(2, 4))
	-- lesson 07.6: the rest of "four", a zero-length packet (header 00 00, no body) and "five", all in one read
	piece(fd, four:sub(5) .. frame("") .. frame("five"))

	socket.close(fd)
	skynet.sleep(10)
	skynet.abort(0)
end)
