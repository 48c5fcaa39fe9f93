-- echo_server: coroutine echo on the config's port, for tests with outside clients.
-- A connection's first line says how to echo:
--   "read N"   read(fd, N) and write it back, until the client closes
--   "readack N"  the same, after answering "go\n" (the client then knows
--              that the server is reading)
--   "line"     readline(fd) and write the line back with "\n"
--   "all"      readall(fd) (until the client closes its side), write it, close
--   "any"      read(fd) whatever comes and write it back; stop reading while
--              the client does not read (backpressure, socket.warning)
--   "flood N"  write N MiB and read nothing; log each WARNING
--   "quit"     end the runtime with exit status 0
-- UDP datagrams to the same port number come straight back.
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"

local MODES = {}

function MODES.read(fd, n)
	n = assert(tonumber(n), "read wants a size")
	while true do
		local data, rest = socket.read(fd, n)
		if not data then
			skynet.error(string.format("echo_server: fd %d closed with %d bytes unread", fd, #rest))
			return
		end
		socket.write(fd, data)
	end
end

function MODES.readack(fd, n)
	socket.write(fd, "go\n")
	return MODES.read(fd, n)
end

function MODES.line(fd)
	while true do
		local line, rest = socket.readline(fd)
		if not line then
			skynet.error(string.format("echo_server: fd %d line mode ended, %d bytes without a newline", fd, #rest))
			return
		end
		socket.write(fd, line .. "\n")
	end
end

function MODES.all(fd)
	socket.write(fd, socket.readall(fd) or "")
end

-- Backpressure: socket.write never blocks, so what a client does not read
-- waits in the socket thread. WARNING says how many KiB wait (0: all gone);
-- while any do, stop reading: unread input then fills socket.lua's buffer,
-- which pauses the socket at 128 KiB, and TCP makes the client wait.
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

function MODES.any(fd)
	local wait_sent = backpressure(fd)
	while true do
		wait_sent()
		local data = socket.read(fd)
		if not data then
			socket.close(fd)
			skynet.error(string.format("echo_server: fd %d any mode ended (Lua %d KiB)", fd, math.floor(collectgarbage("count"))))
			return
		end
		socket.write(fd, data)
	end
end

function MODES.flood(fd, mib)
	socket.warning(fd, function(id, kib)
		skynet.error(string.format("echo_server: warning fd=%d kib=%d", id, kib))
	end)
	local chunk = string.rep("f", 64 * 1024)
	for _ = 1, assert(tonumber(mib)) * 16 do
		socket.write(fd, chunk)
	end
	socket.readall(fd)
	socket.close(fd)
	skynet.error(string.format("echo_server: fd %d flood ended", fd))
end

function MODES.quit()
	skynet.abort(0)
end

local function serve(fd)
	local ok, err = socket.start(fd)
	if not ok then
		skynet.error(string.format("echo_server: fd %d failed before it started: %s", fd, err))
		return
	end
	local line = socket.readline(fd)
	if line then
		local mode, arg = line:match("^(%a+)%s*(.*)$")
		local f = MODES[mode]
		if f then
			f(fd, arg)
		else
			socket.write(fd, "unknown mode " .. tostring(line) .. "\n")
		end
	end
	socket.close(fd)
end

skynet.start(function()
	local port = assert(tonumber(skynet.getenv("port")), "config: port")
	local listener = socket.listen("127.0.0.1", port, 1024)
	socket.start(listener, function(fd)
		skynet.fork(serve, fd)
	end)
	local udp
	udp = socket.udp(function(data, from)
		socket.sendto(udp, from, data)
	end, "127.0.0.1", port)
	skynet.error("echo_server ready on " .. port)
end)
