-- udp_slow: a UDP service slower than its senders (test_udp_flood.py): 2 ms of work a datagram; "ping" is answered "pong".
local skynet = require "skynet"
local socket = require "skynet.socket"

skynet.start(function()
	local port = assert(tonumber(os.getenv "UDP_PORT"), "udp_slow: set UDP_PORT")
	local id
	id = socket.udp(function(data, from)
		if data == "ping" then
			socket.sendto(id, from, "pong")
			return
		end
		local start = skynet.hpc()
		while skynet.hpc() - start < 2000000 do end -- 2 ms: slower than a flood
	end, "127.0.0.1", port)
	skynet.error("UDP_SLOW_READY " .. port)
end)
