-- udp_edges: UDP as a game's client side uses it: a connected socket writing to a port nobody holds (the
-- ICMP refusal comes back as an error on the socket), sendto with an address taken from another socket's
-- datagram, sendto with a malformed address, an empty datagram, a datagram of 60,000 bytes, udp without a
-- callback, udp_connect of a bad host, and writes after a close.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"

local function try(what, f, ...)
	skynet.error(what, pcall(f, ...))
end

skynet.start(function()
	-- Two port numbers the kernel gave TCP listeners (held while the test runs): the UDP sockets take
	-- the same numbers, free for UDP but for a coincidence. `quiet` is a port nobody listens on.
	local hold1, _, port1 = socket.listen("127.0.0.1", 0)
	local hold2, _, quiet = socket.listen("127.0.0.1", 0)
	local main = coroutine.running()
	local got = {}
	local server
	server = socket.udp(function(data, from)
		got[#got + 1] = { #data, data:sub(1, 10), from }
		skynet.wakeup(main)
	end, "127.0.0.1", port1)

	local client = socket.udp(function(data, from)
		skynet.error("client got", data)
		skynet.wakeup(main)
	end)
	socket.udp_connect(client, "127.0.0.1", port1)
	socket.write(client, "hello")
	skynet.wait(main)
	skynet.error("server got", got[1][1], got[1][2])
	-- the server answers with the address it got
	socket.sendto(server, got[1][3], "welcome")
	skynet.wait(main)
	socket.write(client, "")
	skynet.wait(main)
	skynet.error("server got empty", got[2][1], got[2][2] == "")
	socket.write(client, string.rep("u", 60000))
	skynet.wait(main)
	skynet.error("server got big", got[3][1])

	try("sendto a malformed address", socket.sendto, server, "abc", "x")
	try("sendto an empty address", socket.sendto, server, "", "x")
	try("udp without a callback", function() return math.type(socket.udp()) end)
	try("udp_connect a bad host", socket.udp_connect, client, "no.such.host.invalid", 1)

	-- A connected socket to a port nobody holds: the kernel's refusal (ICMP) is reported on the socket.
	local lonely = socket.udp(function(data) skynet.error("lonely got", data) end)
	socket.udp_connect(lonely, "127.0.0.1", quiet)
	socket.write(lonely, "anyone?")
	skynet.sleep(20)
	skynet.error("lonely write after the refusal", socket.write(lonely, "again"))
	skynet.sleep(20)

	socket.close(client)
	try("write after close", socket.write, client, "x")
	try("sendto after close", socket.sendto, client, got[1][3], "x")
	socket.close(server)
	socket.close(lonely)
	socket.close(hold1)
	socket.close(hold2)
	skynet.sleep(10)
	skynet.abort()
end)
