-- echo_callback: echo in socketdriver callback style. The service handles the
-- "socket" protocol itself: each DATA message's bytes go straight back to the
-- socket (the buffer changes hands, no copy), and no coroutine ever waits.
local skynet = require "skynet"
local driver = require "skynet.socketdriver"

local DATA, CLOSE, ACCEPT, ERROR = 1, 3, 4, 5

skynet.register_protocol {
	name = "socket",
	id = skynet.PTYPE_SOCKET,
	unpack = driver.unpack,
	dispatch = function(_, _, kind, id, ud, data)
		if kind == DATA then
			driver.send(id, data, ud)
		elseif kind == ACCEPT then
			driver.start(ud) -- ud is the new connection
		elseif kind == CLOSE or kind == ERROR then
			driver.close(id) -- the peer is gone: free its slot
		end
	end,
}

skynet.start(function()
	local port = assert(tonumber(skynet.getenv("port")), "config: port")
	local listener = driver.listen("127.0.0.1", port, 1024)
	driver.start(listener)
	skynet.error("echo_callback ready on " .. port)
end)
