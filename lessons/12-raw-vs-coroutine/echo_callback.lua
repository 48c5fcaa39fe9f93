-- echo_callback (lesson 12, way b): an echo server on socketdriver callbacks. The service handles the
-- "socket" protocol itself: each DATA message's bytes go straight back; no coroutine ever waits.
--
-- Args (or config keys): port (0: the OS chooses), once (exit when the last client has gone).
local skynet = require "skynet"
local driver = require "skynet.socketdriver"
require "skynet.manager"

local DATA, CONNECT, CLOSE, ACCEPT, ERROR = 1, 2, 3, 4, 5

local port_arg, once_arg = ...
local once = (once_arg or skynet.getenv("once")) == "once"
local listener, port
local clients, served = 0, 0
local cpu_start -- os.clock() (the process's CPU time) at the first accept
local ready -- the coroutine waiting for the listen socket

local function gone(id)
	driver.close(id)
	clients = clients - 1
	if once and served > 0 and clients == 0 then
		skynet.error(string.format("echo_callback served %d connections, cpu_us=%.0f", served, (os.clock() - cpu_start) * 1e6))
		skynet.abort(0)
	end
end

skynet.register_protocol {
	name = "socket",
	id = skynet.PTYPE_SOCKET,
	unpack = driver.unpack,
	dispatch = function(_, _, kind, id, ud, data)
		if kind == DATA then
			-- lesson 12.3: the bytes go back from the dispatch that received them; the buffer changes hands, no copy
			driver.send(id, data, ud)
		elseif kind == ACCEPT then
			cpu_start = cpu_start or os.clock()
			clients, served = clients + 1, served + 1
			driver.start(ud) -- ud is the new connection
		elseif kind == CLOSE or kind == ERROR then
			gone(id)
		elseif kind == CONNECT and id == listener and ready then
			port = ud
			skynet.wakeup(ready)
		end
	end,
}

skynet.start(function()
	listener = driver.listen("127.0.0.1", tonumber(port_arg or skynet.getenv("port") or 0), 1024)
	ready = coroutine.running()
	skynet.wait(ready)
	ready = nil
	driver.start(listener)
	skynet.error("echo_callback ready on 127.0.0.1:" .. port)
	skynet.dispatch("lua", function()
		skynet.retpack(port)
	end)
end)
