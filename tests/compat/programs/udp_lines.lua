-- udp_lines: skynet.socket UDP (udp with a callback, sendto, udp_connect + write, udp_address, udp_dial, close) and TCP odds: read with no size, readall, block, invalid ids, shutdown, limit.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"

local log = skynet.error

-- Waits (at most 5 s) until done() says so: UDP replies take their time under
-- load, and a fixed sleep lost them in CI-like runs.
local function until_true(done)
	for _ = 1, 500 do
		if done() then return end
		skynet.sleep(1)
	end
end

skynet.start(function()
	local got = {}
	local server
	server = socket.udp(function(str, from)
		local ip, port = socket.udp_address(from)
		got[#got + 1] = str
		log("server got", str, ip, math.type(port))
		socket.sendto(server, from, "re:" .. str)
	end, "127.0.0.1", 0)
	log("udp id", math.type(server))
	local client_got = {}
	local client = socket.udp(function(str, from)
		client_got[#client_got + 1] = str
		log("client got", str)
	end)
	-- socket.udp does not say which port it bound: bind a known one instead
	socket.close(server)
	skynet.sleep(1)
	local probe, _, port = socket.listen("127.0.0.1", 0)
	socket.close(probe)
	server = socket.udp(function(str, from)
		log("server got", str, socket.udp_address(from) ~= nil)
		socket.sendto(server, from, "re:" .. str)
	end, "127.0.0.1", port)
	socket.udp_connect(client, "127.0.0.1", port)
	socket.write(client, "first")
	socket.write(client, "second")
	until_true(function() return #client_got >= 2 end)
	log("client heard", table.concat(client_got, " "))
	local dialed_heard = false
	local dialed = socket.udp_dial and socket.udp_dial("127.0.0.1", port, function(str)
		log("dialed got", str)
		dialed_heard = true
	end)
	if dialed then
		socket.write(dialed, "dialed")
		until_true(function() return dialed_heard end)
		socket.close(dialed)
	end
	socket.close(client)
	socket.close(server)
	-- TCP odds. The writer waits for the reader's steps (no sleeps: under
	-- load "abc" and "defg" came in one read once).
	local step, stepper = 0, nil
	local function reached(n)
		step = n
		if stepper then
			local co = stepper
			stepper = nil
			skynet.wakeup(co)
		end
	end
	local function await(n)
		while step < n do
			stepper = coroutine.running()
			skynet.wait(stepper)
		end
	end
	local lid, _, tport = socket.listen("127.0.0.1", 0)
	socket.start(lid, function(id)
		socket.start(id)
		skynet.fork(function()
			socket.write(id, "abc")
			await(1)
			socket.write(id, "defg")
			await(2)
			socket.close(id)
		end)
	end)
	local fd = socket.open("127.0.0.1", tport)
	local first = socket.read(fd)
	reached(1)
	log("read no size", first)
	log("block", socket.block(fd))
	local again = socket.read(fd)
	reached(2)
	log("read no size again", again)
	log("readall", socket.readall(fd))
	log("read after close", socket.read(fd))
	log("invalid", socket.invalid(fd))
	log("write to closed", socket.write(fd, "x"))
	log("read bad id", pcall(socket.read, 9999, 1))
	log("close bad id", pcall(socket.close, 9999))
	log("open bad port", pcall(socket.open, "127.0.0.1", 0))
	log("open bad host", socket.open("no.such.host.invalid", 80))
	log("listen twice", pcall(socket.listen, "127.0.0.1", tport))
	socket.close(lid)
	skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
	skynet.abort()
end)
