-- udp_count: a UDP service that counts what it gets (test_udp_edges.py): "stats" is answered with the datagrams, the empty ones and the bytes seen.
local skynet = require "skynet"
local socket = require "skynet.socket"

skynet.start(function()
	local port = assert(tonumber(os.getenv "UDP_PORT"), "udp_count: set UDP_PORT")
	local count, empty, bytes, largest = 0, 0, 0, 0
	local id
	id = socket.udp(function(data, from)
		if data == "stats" then
			socket.sendto(id, from, string.format("%d %d %d %d", count, empty, bytes, largest))
			return
		end
		count, bytes = count + 1, bytes + #data
		if #data == 0 then
			empty = empty + 1
		end
		largest = math.max(largest, #data)
	end, "127.0.0.1", port)
	skynet.error("UDP_COUNT_READY " .. port)
end)
