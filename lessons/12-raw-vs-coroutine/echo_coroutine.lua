-- echo_coroutine (lesson 12, way c): an echo server with coroutine reads. One coroutine per
-- connection suspends in socket.read until bytes arrive, then writes them back.
--
-- Args (or config keys): port (0: the OS chooses), once (exit when the last client has gone).
local skynet = require "skynet"
local socket = require "skynet.socket"
require "skynet.manager"

local port_arg, once_arg = ...
local once = (once_arg or skynet.getenv("once")) == "once"
local clients, served = 0, 0
local cpu_start -- os.clock() (the process's CPU time) at the first accept

-- The accept callback runs in the ACCEPT message's own coroutine, so it may loop.
local function serve(fd)
	cpu_start = cpu_start or os.clock()
	clients, served = clients + 1, served + 1
	socket.start(fd)
	while true do
		-- lesson 12.4: read suspends this coroutine until bytes arrive; the code reads as if it blocked
		local data = socket.read(fd)
		if not data then
			break
		end
		socket.write(fd, data)
	end
	socket.close(fd)
	clients = clients - 1
	if once and served > 0 and clients == 0 then
		skynet.error(string.format("echo_coroutine served %d connections, cpu_us=%.0f", served, (os.clock() - cpu_start) * 1e6))
		skynet.abort(0)
	end
end

skynet.start(function()
	local listener, _, port = socket.listen("127.0.0.1", tonumber(port_arg or skynet.getenv("port") or 0), 1024)
	socket.start(listener, serve)
	skynet.error("echo_coroutine ready on 127.0.0.1:" .. port)
	skynet.dispatch("lua", function()
		skynet.retpack(port)
	end)
end)
