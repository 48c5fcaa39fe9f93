-- reader: connects and reads nothing until the writer says how much it sent; then reads it all, 64 KiB at a time.
local skynet = require "skynet"
local socket = require "skynet.socket"
require "skynet.manager"

local port, writer = ...
local fd

local function read_all(total)
	local got = 0
	while got < total do
		local data = socket.read(fd, math.min(64 * 1024, total - got))
		if not data then
			break
		end
		got = got + #data
	end
	skynet.error(string.format("reader: read all %d KiB", got // 1024))
	socket.close(fd)
	skynet.sleep(10) -- let the writer see the drained lists and the close
	skynet.abort(0)
end

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd, total)
		assert(cmd == "read", "reader: unknown command " .. tostring(cmd))
		read_all(total)
	end)
	-- lesson 09.1: nobody reads: socket.lua buffers up to 128 KiB, then pauses the socket
	skynet.call(tonumber(writer), "lua", "hello")
	fd = assert(socket.open("127.0.0.1", tonumber(port)))
	skynet.error("reader: connected; not reading yet")
end)
