-- server: a UDP echo server: every datagram comes with the sender's address, and the answer goes back to it.
local skynet = require "skynet"
local socket = require "skynet.socket"

local udp, port

-- skynet's udp() does not report the port it bound, so "port 0, then ask" is
-- not possible: try random high ports until a bind succeeds (bounded).
local function bind(callback)
	for _ = 1, 50 do
		local try = math.random(20000, 60000)
		local ok, id = pcall(socket.udp, callback, "127.0.0.1", try)
		if ok then
			return id, try
		end
	end
	error("server: no free UDP port after 50 tries")
end

skynet.start(function()
	math.randomseed(skynet.hpc())
	-- lesson 08.1: one socket for every peer: no listen, no accept, no connection per client
	udp, port = bind(function(data, from)
		local ip, from_port = socket.udp_address(from)
		skynet.error(string.format("server: %d bytes from %s:%d: %s", #data, ip, from_port, data))
		-- lesson 08.3: the answer is addressed with `from`, the datagram's sender
		socket.sendto(udp, from, data:upper())
	end)
	skynet.error("server: UDP on 127.0.0.1:" .. port)
	skynet.dispatch("lua", function(_, _, cmd)
		assert(cmd == "port", "server: unknown command " .. tostring(cmd))
		skynet.ret(skynet.pack(port))
	end)
end)
