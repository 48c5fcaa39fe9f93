-- udp_misuse: UDP and connect calls a service gets wrong: udp_connect on a TCP socket, sendto to a short
-- address, udp_address of a short string and of a number, a connect to a host name of 200 characters
-- that does not resolve; a right datagram still arrives.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
local log = skynet.error

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	log(what, table.unpack(r, 1, r.n))
end

skynet.start(function()
	local probe, _, uport = socket.listen("127.0.0.1", 0)
	socket.close(probe)
	local got, from_addr
	local server = socket.udp(function(data, from)
		got, from_addr = data, from
	end, "127.0.0.1", uport)

	local lid, _, port = socket.listen("127.0.0.1", 0)
	socket.start(lid, function(id) socket.start(id) socket.close(id) end)
	local tcp = socket.open("127.0.0.1", port)
	try("udp_connect on tcp", socket.udp_connect, tcp, "127.0.0.1", 9)
	try("udp_address short", socket.udp_address, "ab")
	try("udp_address number", socket.udp_address, 42)
	local client = socket.udp(function() end)
	socket.udp_connect(client, "127.0.0.1", uport)
	socket.write(client, "hello")
	for _ = 1, 300 do
		if got then break end
		skynet.sleep(1)
	end
	log("server got", got, type(from_addr))
	try("sendto bad address", socket.sendto, server, "short", "x")
	try("open 200 host", socket.open, string.rep("h", 200) .. ".invalid", 80)
	socket.close(tcp)
	socket.close(lid)
	socket.close(server)
	socket.close(client)
	skynet.sleep(20) -- skynet.abort does not wait for the logger
	skynet.abort()
end)
