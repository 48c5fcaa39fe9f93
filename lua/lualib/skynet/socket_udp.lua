-- skynet.socket_udp: the UDP half of skynet.socket (split off for size): each
-- datagram calls callback(data, from); `from` goes back to sendto.
-- socket.lua calls this once with its API table, its table of sockets and
-- a function of its own that calls driver[name] (errors positioned there) and
-- its assert (a refusal positioned in socket.lua, as skynet's).
local driver = require "skynet.socketdriver"

return function(socket, sockets, call, udp_assert)
	local function udp_object(id, callback)
		udp_assert(not sockets[id], "socket is not closed")
		sockets[id] = { id = id, protocol = "UDP", connected = true, callback = callback }
	end

	-- udp(callback [, host, port]) -> id; bound to host:port when given.
	function socket.udp(callback, host, port)
		local id = call("udp", host, port)
		udp_object(id, callback)
		return id
	end

	-- udp_listen(host, port, callback) -> id: bound to host:port (port 0 raises).
	-- udp_dial(host, port, callback) -> id: unbound, of host's family, writing to host:port.
	-- Either also takes ("host:port", callback).
	for _, name in ipairs { "udp_listen", "udp_dial" } do
		socket[name] = function(host, port, callback)
			if type(port) == "function" then
				port, callback = nil, port
			end
			local id = call(name, host, port)
			udp_object(id, callback)
			return id
		end
	end

	-- Where socket.write on this UDP socket sends.
	function socket.udp_connect(id, host, port, callback)
		local s = sockets[id]
		if s then
			udp_assert(s.protocol == "UDP")
			if callback then
				s.callback = callback
			end
		else
			udp_object(id, callback)
		end
		call("udp_connect", id, host, port)
	end

	-- sendto(id, from, data): reply to the address a datagram came from.
	socket.sendto = assert(driver.udp_send)
	-- udp_address(from) -> ip, port
	socket.udp_address = assert(driver.udp_address)
end
