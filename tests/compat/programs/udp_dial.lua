-- udp_dial: socket.udp_listen and socket.udp_dial (the connected pair of calls), write on a dialled socket, sendto
-- back to the address a datagram came from, udp_address of it, udp_connect changing a listener's callback, and the
-- errors: a listen on an address in use and on a name that does not resolve, a dial to one.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
local log = skynet.error

skynet.start(function()
	local probe, _, port = socket.listen("127.0.0.1", 0)
	socket.close(probe)
	local got = 0
	local server
	server = socket.udp_listen("127.0.0.1", port, function(str, from)
		got = got + 1
		local host, p = socket.udp_address(from)
		log("server got", str, host, type(p))
		socket.sendto(server, from, "re:" .. str)
	end)
	log("listen", type(server))
	local client = socket.udp_dial("127.0.0.1", port, function(str, from)
		log("client got", str, from == nil, type(from))
	end)
	log("dial", type(client))
	socket.write(client, "one")
	skynet.sleep(5)
	socket.write(client, { "t", "wo" })
	skynet.sleep(5)
	socket.write(client, "")
	skynet.sleep(5)
	socket.udp_connect(server, "127.0.0.1", port + 0, function(str) log("server new callback", str) end)
	log("listen again", pcall(socket.udp_listen, "127.0.0.1", port))
	log("listen bad name", pcall(socket.udp_listen, "no.such.host.invalid", 0))
	log("dial bad name", pcall(socket.udp_dial, "no.such.host.invalid", 9))
	log("udp_address bad", pcall(socket.udp_address, "xyz"))
	log("udp_address empty", pcall(socket.udp_address, ""))
	socket.close(client)
	socket.close(server)
	log("got", got)
	skynet.sleep(5)
	skynet.abort()
end)
