-- agent.lua: one client: "flood N" writes N KiB at once, "sum" answers how much it was sent, "kickme".
local skynet = require "skynet"
local socket = require "skynet.socket"
local netpack = require "skynet.netpack"

local n = ...
local fd, watchdog
local received = 0

skynet.register_protocol {
	name = "client",
	id = skynet.PTYPE_CLIENT,
	unpack = skynet.tostring,
	dispatch = function(_, _, msg)
		skynet.ignoreret()
		received = received + #msg
		local cmd, arg = msg:match "^(%S+)%s*(.*)$"
		if cmd == "flood" then
			local chunk = string.rep(string.char(65 + n), 1024)
			local kib = tonumber(arg)
			for i = 1, kib // 64 do
				socket.write(fd, string.rep(chunk, 64))
			end
			socket.write(fd, netpack.pack("end of flood"))
		elseif cmd == "sum" then
			socket.write(fd, netpack.pack("agent " .. n .. " received " .. received))
		elseif cmd == "kickme" then
			skynet.send(watchdog, "lua", "kick", fd)
		elseif cmd == "shutdown" then
			skynet.send(watchdog, "lua", "shutdown")
		end
	end,
}

skynet.start(function()
	skynet.dispatch("lua", function(session, _, cmd, gate, client, wd)
		if cmd == "start" then
			fd, watchdog = client, wd
			skynet.call(gate, "lua", "forward", fd)
			skynet.ret(skynet.pack(true))
		elseif cmd == "gone" then
			skynet.error("agent " .. n .. " gone after " .. received .. " bytes")
			skynet.exit()
		end
	end)
end)
