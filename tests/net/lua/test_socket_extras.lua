-- test_socket_extras: skynet.socket's udp_dial, udp_listen, IPv6 UDP, header, netstat, and a dead service's sockets closed.
local skynet = require "skynet"
local socket = require "skynet.socket"
local t = require "testlib"

-- A listener on a free port; accept() waits (up to 3 s) for the next connection and starts it.
local function listener()
	local lid, _, port = socket.listen("127.0.0.1", 0)
	local pending, waiting = {}, nil
	socket.start(lid, function(fd)
		pending[#pending + 1] = fd
		if waiting then
			skynet.wakeup(waiting)
		end
	end)
	local function accept()
		if #pending == 0 then
			waiting = coroutine.running()
			skynet.timeout(300, function()
				if waiting then
					skynet.wakeup(waiting)
				end
			end)
			skynet.wait(waiting)
			waiting = nil
		end
		local fd = assert(table.remove(pending, 1), "no connection within 3 s")
		assert(socket.start(fd))
		return fd
	end
	return lid, port, accept
end

-- Read until the peer closes, or 3 s pass. -> true when the close came.
local function closed_by_peer(fd)
	local timed_out = false
	skynet.timeout(300, function()
		if not socket.invalid(fd) then
			timed_out = true
			socket.close(fd)
		end
	end)
	local data = socket.readall(fd)
	socket.close(fd)
	return not timed_out, data
end

t.run("test_socket_extras", {
	{ "header reads a big-endian length of 1 to 4 bytes", function()
		t.eq(socket.header("\5"), 5, "one byte")
		t.eq(socket.header("\1\2"), 258, "two bytes")
		t.eq(socket.header("\1\0\0\0"), 16777216, "four bytes")
		t.raises(function() socket.header("") end, "Invalid read", "empty")
		t.raises(function() socket.header("12345") end, "Invalid read", "five bytes")
	end },
	{ "udp_listen needs a port; udp_dial sends to its address", function()
		t.raises(function() socket.udp_listen("127.0.0.1", 0) end, "udp listen host failed", "port 0")
		for _, host in ipairs { "127.0.0.1", "::1" } do
			local me = coroutine.running()
			-- A TCP listener on host gives a port number nobody uses now.
			local l, _, p = socket.listen(host, 0)
			socket.close(l)
			local server
			server = socket.udp_listen(host, p, function(str, from)
				socket.sendto(server, from, "pong:" .. str)
			end)
			local reply, from_ip, from_port
			local client = socket.udp_dial(host, p, function(str, from)
				reply = str
				from_ip, from_port = socket.udp_address(from)
				skynet.wakeup(me)
			end)
			skynet.timeout(300, function() skynet.wakeup(me) end)
			socket.write(client, "ping")
			skynet.wait(me)
			t.eq(reply, "pong:ping", host .. " reply")
			t.eq(from_ip, host, host .. " sender ip")
			t.eq(from_port, p, host .. " sender port")
			local dialed
			for _, info in ipairs(socket.netstat()) do
				if info.id == client then
					dialed = info
				end
			end
			t.eq(dialed and dialed.type, "UDP", host .. " netstat type")
			t.eq(dialed and dialed.peer, host == "::1" and "[::1]:" .. p or host .. ":" .. p, host .. " netstat peer")
			t.eq(dialed and dialed.write, 4, host .. " netstat bytes written")
			socket.close(client)
			socket.close(server)
		end
	end },
	{ "udp takes \"[ip6]:port\" as skynet does", function()
		local l, _, p = socket.listen("::1", 0)
		socket.close(l)
		local me = coroutine.running()
		local got
		local server = socket.udp(function(str, from)
			got = str
			skynet.wakeup(me)
		end, "[::1]:" .. p)
		local client = socket.udp(function() end, "::1", 0)
		socket.udp_connect(client, "[::1]:" .. p)
		skynet.timeout(300, function() skynet.wakeup(me) end)
		socket.write(client, "v6")
		skynet.wait(me)
		t.eq(got, "v6", "datagram over IPv6")
		socket.close(client)
		socket.close(server)
	end },
	{ "netstat lists listeners and connections with their owner and bytes", function()
		local lid, port, accept = listener()
		local c = assert(socket.open("127.0.0.1", port))
		local s = accept()
		socket.write(c, "hello")
		t.eq(socket.read(s, 5), "hello", "read")
		local by_id = {}
		for _, info in ipairs(socket.netstat()) do
			by_id[info.id] = info
		end
		local l, server, client = by_id[lid], by_id[s], by_id[c]
		t.eq(l and l.type, "LISTEN", "listener type")
		t.eq(l.address, skynet.self(), "listener owner")
		t.eq(l.sock, "127.0.0.1:" .. port, "listener address")
		t.eq(l.accept, 1, "accepted")
		t.eq(server and server.type, "TCP", "connection type")
		t.eq(server.read, 5, "server read")
		t.eq(client.write, 5, "client wrote")
		t.eq(server.peer:match("^127%.0%.0%.1:%d+$") ~= nil, true, "peer " .. tostring(server.peer))
		t.eq(client.peer, "127.0.0.1:" .. port, "client peer")
		t.eq(server.reading, true, "reading")
		socket.close(c)
		socket.close(s)
		socket.close(lid)
	end },
	{ "a service's sockets close when it exits, or is killed", function()
		for _, ending in ipairs { "exit", "kill" } do
			local lid, port, accept = listener()
			local owner = skynet.newservice("socket_owner")
			local owner_port = skynet.call(owner, "lua", "hold", port)
			local s = accept()
			if ending == "exit" then
				skynet.call(owner, "lua", "exit")
			else
				skynet.kill(owner)
			end
			t.eq(closed_by_peer(s), true, ending .. ": the owner's connection closed")
			-- Its listener was closed in the same pass, before this connect runs.
			local c, err = socket.open("127.0.0.1", owner_port)
			t.eq(c, nil, ending .. ": the owner's listener is closed")
			t.eq(tostring(err):find("refused", 1, true) ~= nil, true, ending .. ": " .. tostring(err))
			socket.close(lid)
		end
	end },
	{ "misuse fails in skynet's words: port 0, an id that is not open", function()
		local err = t.raises(function() socket.open("127.0.0.1", 0) end, "Invalid port", "connect to port 0")
		assert(tostring(err):find("socket.lua:%d+: Invalid port$"), tostring(err))
		t.raises(function() socket.read(9999, 1) end, "assertion failed!", "read of an unknown id")
		t.raises(function() socket.readall(9999) end, "assertion failed!", "readall of an unknown id")
	end },
})
