-- socket_netstat: what socket.netstat tells about this service's own sockets (a listener, an accepted
-- and a connecting TCP socket after a known exchange, UDP sockets; a listener before start is not
-- listed), field by field (times and ids aside); socket.header on 1 to 4 bytes and outside that;
-- socket.lwrite and write mixed; disconnected/invalid around a close by the peer and by us; readall
-- after the end; udp_address of what a UDP server gets and of odd values.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	skynet.error(what, table.unpack(r, 1, r.n))
end

-- One socket's entry: its fields' names, then the values that do not depend on time or ids.
local function entry(what, id)
	for _, e in ipairs(socket.netstat()) do
		if e.id == id then
			-- A UDP socket's peer is what it last sent to or was connected to; skynet fills it from
			-- memory that is garbage for a socket that has none: left out.
			if e.type == "UDP" then e.peer = nil end
			local keys = {}
			for k in pairs(e) do keys[#keys + 1] = k end
			table.sort(keys)
			skynet.error(what, table.concat(keys, " "), e.type, e.address == skynet.self(), e.accept, e.read,
				e.write, e.wbuffer, e.reading, e.writing, e.sock ~= nil, e.peer ~= nil,
				math.type(e.rtime), math.type(e.wtime))
			return
		end
	end
	skynet.error(what, "not listed")
end

skynet.start(function()
	for _, s in ipairs { "\1", "\1\2", "\1\2\3", "\1\2\3\4", "\255\255\255\255", "", "\1\2\3\4\5" } do
		try("header " .. #s, socket.header, s)
	end
	try("header number", function() return socket.header(12) end)
	try("header nil", function() return socket.header(nil) end)

	local listener, _, port = socket.listen("127.0.0.1", 0)
	entry("listener", listener)
	local accepted
	local waiting
	socket.start(listener, function(id)
		accepted = id
		if waiting then skynet.wakeup(waiting) end
	end)
	local client = socket.open("127.0.0.1", port)
	if not accepted then
		waiting = coroutine.running()
		skynet.wait(waiting)
	end
	socket.start(accepted)
	entry("listener after accept", listener)
	socket.write(client, "hello")
	socket.lwrite(client, "first ")
	socket.write(client, "second")
	skynet.error("read accepted", socket.read(accepted, 17))
	socket.write(accepted, "pong")
	skynet.error("read client", socket.read(client, 4))
	entry("client", client)
	entry("accepted", accepted)

	socket.close(client)
	skynet.error("readall after peer close", socket.readall(accepted))
	skynet.error("disconnected", socket.disconnected(accepted), "invalid", socket.invalid(accepted))
	skynet.error("read after end", socket.read(accepted))
	skynet.error("readline after end", socket.readline(accepted))
	socket.close(accepted)
	skynet.error("after close: disconnected", socket.disconnected(accepted), "invalid", socket.invalid(accepted))
	try("readall after close", socket.readall, accepted)
	try("block after close", socket.block, accepted)
	-- (not its netstat entry now: the socket thread may still hold it, CLOSING, on both runtimes)

	-- UDP: a server socket and a connected client; udp_address of what the server gets and of odd values.
	-- The server takes the TCP listener's port number (a UDP port of that number is free but for a
	-- coincidence): a UDP socket cannot say its own port (netstat names its peer, garbage when it has none).
	local done = coroutine.running()
	local server
	server = socket.udp(function(data, from)
		local host, p = socket.udp_address(from)
		skynet.error("udp server got", data, host, math.type(p))
		skynet.wakeup(done)
	end, "127.0.0.1", port)
	local uclient = socket.udp(function() end)
	socket.udp_connect(uclient, "127.0.0.1", port)
	socket.write(uclient, "datagram")
	skynet.wait(done)
	entry("udp server", server)
	entry("udp client", uclient)
	try("udp_address of a string", socket.udp_address, "x")
	try("udp_address of nil", function() return socket.udp_address(nil) end)
	socket.close(uclient)
	socket.close(server)
	socket.close(listener)
	skynet.sleep(10)
	skynet.abort()
end)
