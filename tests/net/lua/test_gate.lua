-- test_gate: gate + watchdog + agents echo netpack frames; bad frames and maxclient.
local skynet = require "skynet"
local socket = require "skynet.socket"
local netpack = require "skynet.netpack"
local t = require "testlib"

local address, port

local function frame(payload)
	return string.pack(">s2", payload)
end

-- Read one frame back from the gate.
local function read_frame(c)
	local header = socket.read(c, 2)
	if not header then
		return false
	end
	local len = string.unpack(">I2", header)
	if len == 0 then
		return ""
	end
	return socket.read(c, len)
end

local function client()
	return assert(socket.open(address, port))
end

t.run("test_gate", {
	{ "the watchdog opens the gate on a free port", function()
		local watchdog = skynet.newservice("watchdog")
		address, port = skynet.call(watchdog, "lua", "start", {
			-- skynet's gate serves maxclient - 1 clients: three here
			address = "127.0.0.1", port = 0, maxclient = 4, maxpacket = 1024, nodelay = true,
		})
		t.eq(address, "127.0.0.1", "address")
		assert(port > 0, "port")
	end },
	{ "a packet comes back from the client's agent", function()
		local c = client()
		socket.write(c, frame("hello"))
		t.eq(read_frame(c), "hello", "echo")
		socket.close(c)
	end },
	{ "netpack.pack frames as string.pack '>s2' does", function()
		local msg, sz = netpack.pack("abc")
		t.eq(netpack.tostring(msg, sz), frame("abc"), "frame")
	end },
	{ "sticky packets: three frames in one write, and one frame byte by byte", function()
		local c = client()
		socket.write(c, frame("one") .. frame("") .. frame("three"))
		t.eq(read_frame(c), "one", "first")
		t.eq(read_frame(c), "", "zero-length")
		t.eq(read_frame(c), "three", "third")
		local f = frame("split")
		for i = 1, #f do
			socket.write(c, f:sub(i, i))
			skynet.sleep(0)
		end
		t.eq(read_frame(c), "split", "byte by byte")
		socket.close(c)
	end },
	{ "a frame over maxpacket closes that connection only", function()
		local good = client()
		local bad = client()
		socket.write(good, frame("before"))
		t.eq(read_frame(good), "before", "good before")
		socket.write(bad, "\xff\xffgarbage")
		t.eq(read_frame(bad), false, "bad connection closed")
		socket.write(good, frame("after"))
		t.eq(read_frame(good), "after", "good after")
		socket.close(bad)
		socket.close(good)
	end },
	{ "maxclient: the connection past the limit is closed at once", function()
		local cs = {}
		for i = 1, 3 do
			cs[i] = client()
			socket.write(cs[i], frame("c" .. i))
			t.eq(read_frame(cs[i]), "c" .. i, "client " .. i)
		end
		local extra = client() -- the kernel accepts it; the gate refuses it
		t.eq(read_frame(extra), false, "fourth client")
		socket.close(extra)
		socket.close(cs[1])
		-- The place is free once the gate has seen the close: until then a
		-- new client is refused. Try again, a bounded number of times.
		local echoed
		for _ = 1, 100 do
			local again = client()
			socket.write(again, frame("room again"))
			echoed = read_frame(again)
			socket.close(again)
			if echoed then
				break
			end
			skynet.sleep(1)
		end
		t.eq(echoed, "room again", "after one left")
		socket.close(cs[2])
		socket.close(cs[3])
	end },
	{ "a kicked client is reported to the watchdog as closed", function()
		local watchdog = skynet.newservice("kick_watchdog")
		local addr, p = skynet.call(watchdog, "lua", "start", { address = "127.0.0.1", port = 0 })
		local c = assert(socket.open(addr, p))
		local fd
		for _ = 1, 200 do
			local events = skynet.call(watchdog, "lua", "events")
			fd = events[1] and tonumber(events[1]:match("^open (%d+)$"))
			if fd then break end
			skynet.sleep(1)
		end
		assert(fd, "the watchdog saw the client open")
		skynet.call(watchdog, "lua", "kick", fd)
		t.eq(socket.read(c), false, "the client sees the connection closed")
		local events
		for _ = 1, 200 do
			events = skynet.call(watchdog, "lua", "events")
			if events[2] then break end
			skynet.sleep(1)
		end
		t.eq(events[2], "close " .. fd, "the watchdog heard the close")
		socket.close(c)
	end },
	{ "forward: packets go to the agent in C, as skynet.redirect would; accept takes them back", function()
		local watchdog = skynet.newservice("kick_watchdog")
		local addr, p = skynet.call(watchdog, "lua", "start",
			{ address = "127.0.0.1", port = 0, maxpacket = 16 })
		local c = assert(socket.open(addr, p))
		-- Wait until `check` (the watchdog's events, or the probe's packets)
		-- holds `n` entries; bounded.
		local function wait_for(addr_of, n)
			local got
			for _ = 1, 200 do
				got = skynet.call(addr_of, "lua", "events")
				if got[n] then break end
				skynet.sleep(1)
			end
			return got
		end
		local events = wait_for(watchdog, 1)
		local fd = assert(tonumber(events[1]:match("^open (%d+)$")), "the watchdog saw the client open")
		socket.write(c, frame("to watchdog"))
		events = wait_for(watchdog, 2)
		t.eq(events[2], "data " .. fd .. " to watchdog", "accepted: the packet goes to the watchdog")
		local probe = skynet.newservice("client_probe")
		skynet.call(watchdog, "lua", "forward", fd, probe, 0x1234)
		socket.write(c, frame("a") .. frame("bc"))
		local got = wait_for(probe, 2)
		t.eq(got[1], fd .. " " .. 0x1234 .. " a", "first: session fd, source the client")
		t.eq(got[2], fd .. " " .. 0x1234 .. " bc", "second, from the same read")
		skynet.call(watchdog, "lua", "accept", fd)
		socket.write(c, frame("back"))
		events = wait_for(watchdog, 3)
		t.eq(events[3], "data " .. fd .. " back", "accept again: the watchdog gets it")
		skynet.call(watchdog, "lua", "forward", fd, probe, 0x1234)
		socket.write(c, frame(string.rep("x", 17)))
		events = wait_for(watchdog, 4)
		t.eq(events[4], "error " .. fd .. " netpack: socket " .. fd
			.. " sent a 17-byte packet, over the limit of 16", "a bad frame on a forwarded connection")
		t.eq(socket.read(c), false, "the gate closed it")
		t.eq(#skynet.call(probe, "lua", "events"), 2, "nothing more reached the agent")
		socket.close(c)
	end },
})
