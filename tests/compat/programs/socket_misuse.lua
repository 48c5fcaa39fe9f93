-- socket_misuse: reads a service should not make and what they do: read/readline on a listening id, write
-- and lwrite to it, two tasks reading one socket at once, a close while another task waits in read (the
-- closer waits for the reader), a read after socket.close, invalid of a closed listener.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
local log = skynet.error

local function try(what, f, ...)
	log(what, pcall(f, ...))
end

skynet.start(function()
	local lid, _, port = socket.listen("127.0.0.1", 0)
	local accepted = {}
	local ready = false
	socket.start(lid, function(id)
		accepted[#accepted + 1] = id
		ready = true
	end)
	try("read listener", socket.read, lid, 1)
	try("read nil listener", socket.read, lid)
	try("readline listener", socket.readline, lid)
	log("invalid listener", socket.invalid(lid), socket.disconnected(lid))
	local w = socket.write(lid, "x")
	local lw = socket.lwrite(lid, "x")
	-- the socket thread logs each refusal; it handles the connect after them, so they come first
	local c = socket.open("127.0.0.1", port)
	log("write listener", w)
	log("lwrite listener", lw)
	for _ = 1, 300 do
		if ready then break end
		skynet.sleep(1)
	end
	local id = accepted[1]
	log("start accepted", socket.start(id) == id)

	-- two readers on one socket: the second trips skynet's assert
	local first_done = false
	skynet.fork(function()
		log("first reader", socket.read(id, 4))
		first_done = true
	end)
	skynet.yield()
	try("second reader", socket.read, id, 2)
	try("second readline", socket.readline, id)
	try("second block", socket.block, id)
	socket.write(c, "abcd")
	for _ = 1, 300 do
		if first_done then break end
		skynet.sleep(1)
	end

	-- close while a task waits in read: the closer waits for the reader to wake
	local reader_done = false
	skynet.fork(function()
		log("waiting reader", socket.read(id, 10))
		reader_done = true
	end)
	skynet.yield()
	socket.close(id)
	log("closed with reader", reader_done)
	for _ = 1, 300 do
		if reader_done then break end
		skynet.sleep(1)
	end
	try("read after close", socket.read, id, 1)
	log("client sees close", socket.read(c))
	socket.close(c)
	socket.close(lid)
	log("listener after close", socket.invalid(lid))
	skynet.sleep(20) -- skynet.abort does not wait for the logger
	skynet.abort()
end)
