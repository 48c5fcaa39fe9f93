-- client: sends one line and reads the reply; then, when told, reads everything the server queued and says in which order it came.
local skynet = require "skynet"
local socket = require "skynet.socket"
require "skynet.manager"

local port, server = ...
local fd

local function read_everything(total)
	local parts, got = {}, 0
	while got < total do
		local data = assert(socket.read(fd, math.min(64 * 1024, total - got)), "connection closed")
		parts[#parts + 1] = data
		got = got + #data
	end
	local all = table.concat(parts)
	local high, low = all:find("C", 1, true), all:find("b", 1, true)
	-- lesson 06.5: the high-priority bytes overtook the low-priority ones queued before them
	skynet.error(string.format("client: the big write, then %s (%d bytes)",
		high < low and "the high-priority 16 B, then the low-priority 64 KiB" or "the low-priority 64 KiB first", got))
	socket.close(fd)
	skynet.abort(0)
end

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd, total)
		assert(cmd == "read")
		read_everything(total)
	end)
	skynet.call(tonumber(server), "lua", "hello")
	fd = assert(socket.open("127.0.0.1", tonumber(port)))
	socket.write(fd, "hello\n")
	skynet.error("client: got " .. socket.readline(fd))
	-- Stop reading before the big write, so only the kernel's buffers can take
	-- it: socket_server leaves this fd out of epoll until a read resumes it.
	socket.pause(fd)
	skynet.call(tonumber(server), "lua", "paused")
end)
