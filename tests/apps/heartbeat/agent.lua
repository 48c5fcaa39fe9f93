-- agent.lua: one client: "ping" is a heartbeat (answered "pong"), "echo X" echoes; each packet tells the
-- watchdog the client is alive; a kick is preceded by a farewell packet.
local skynet = require "skynet"
local socket = require "skynet.socket"
local netpack = require "skynet.netpack"

local n = ...
local fd, watchdog

skynet.register_protocol {
	name = "client",
	id = skynet.PTYPE_CLIENT,
	unpack = skynet.tostring,
	dispatch = function(_, _, msg)
		skynet.ignoreret()
		skynet.send(watchdog, "lua", "alive", fd)
		local cmd, arg = msg:match "^(%S+)%s*(.*)$"
		if cmd == "ping" then
			socket.write(fd, netpack.pack("pong"))
		elseif cmd == "echo" then
			socket.write(fd, netpack.pack("agent " .. n .. ": " .. arg))
		elseif cmd == "shutdown" then
			skynet.send(watchdog, "lua", "shutdown")
		end
	end,
}

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd, gate, client, wd)
		if cmd == "start" then
			fd, watchdog = client, wd
			skynet.call(gate, "lua", "forward", fd)
			skynet.ret(skynet.pack(true))
		elseif cmd == "farewell" then
			socket.write(fd, netpack.pack("idle too long, bye"))
			skynet.ret(skynet.pack(true))
		elseif cmd == "gone" then
			skynet.exit()
		end
	end)
end)
