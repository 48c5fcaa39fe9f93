-- sockethelper_use: http.sockethelper as a protocol library uses it: readfunc with and without a preread string
-- (reads shorter, equal and longer than it, nil), writefunc, readall, connect with and without a timeout (refused),
-- the socket_error's text (read once, then the plain form), a read after the peer closed, close (a write then is left out: skynet logs its EPIPE or not by timing).
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
local sockethelper = require "http.sockethelper"
local log = skynet.error

local function try(name, f, ...)
	local r = table.pack(pcall(f, ...))
	if not r[1] then
		local e = r[2]
		log(name, false, e == sockethelper.socket_error, tostring(e), tostring(e))
	else
		log(name, table.unpack(r, 1, r.n))
	end
end

skynet.start(function()
	local lid, _, port = socket.listen("127.0.0.1", 0)
	socket.start(lid, function(id)
		socket.start(id)
		skynet.fork(function()
			socket.write(id, "0123456789abcdefghij")
			skynet.sleep(5)
			socket.write(id, "tail")
			skynet.sleep(5)
			log("server read", socket.read(id))
			socket.close(id)
		end)
	end)
	local fd = sockethelper.connect("127.0.0.1", port)
	log("connect", type(fd))
	local read = sockethelper.readfunc(fd, "PRE")
	try("pre 2", read, 2)
	try("pre rest+3", read, 4)
	local read2 = sockethelper.readfunc(fd, "ABC")
	try("pre equal", read2, 3)
	try("then 5", read2, 5)
	local read3 = sockethelper.readfunc(fd, "XY")
	try("pre nil", read3)
	try("plain nil", read3)
	local write = sockethelper.writefunc(fd)
	try("write", write, "from client")
	skynet.sleep(20)
	try("readall", sockethelper.readall, fd)
	try("read after close", read3, 1)
	try("close", sockethelper.close, fd)
	local probe, _, dead = socket.listen("127.0.0.1", 0)
	socket.close(probe)
	local ok, e = pcall(sockethelper.connect, "127.0.0.1", dead)
	log("refused", ok, (tostring(e):gsub("port = %d+", "port = P")))
	ok, e = pcall(sockethelper.connect, "127.0.0.1", dead, 50)
	log("refused with timeout", ok, (tostring(e):gsub("port = %d+", "port = P")))
	log("error text again", tostring(sockethelper.socket_error))
	skynet.sleep(5)
	skynet.abort()
end)
