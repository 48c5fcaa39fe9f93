-- gate_open: skynet's gate opened with port 0 (open answers the address and the port it got), a port given
-- as a string, nodelay, a watchdog named in the options other than the caller, a second open; a client that
-- writes three packets and closes at once (the watchdog's data, data, data, close in order), one closing mid-packet.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
local mode = ...

if mode == "wd" then
	local gate
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, cmd, sub, fd, ...)
			if cmd == "socket" then
				skynet.error("wd", sub, type(fd), ...)
				if sub == "open" then
					skynet.call(gate, "lua", "accept", fd)
				end
			elseif cmd == "gate" then
				gate = sub
				skynet.retpack(true)
			end
		end)
	end)
	return
end

skynet.start(function()
	local log = skynet.error
	local wd = skynet.newservice(SERVICE_NAME, "wd")
	local gate = skynet.newservice("gate")
	skynet.call(wd, "lua", "gate", gate)
	local addr, port = skynet.call(gate, "lua", "open",
		{ address = "127.0.0.1", port = 0, nodelay = true, maxclient = 8, watchdog = wd })
	log("open answered", addr, math.type(port), port > 0)
	log("second open", pcall(skynet.call, gate, "lua", "open", { address = "127.0.0.1", port = 0 }))
	local c = socket.open("127.0.0.1", port)
	skynet.sleep(5)
	socket.write(c, string.pack(">s2", "one") .. string.pack(">s2", "two"))
	socket.write(c, string.pack(">s2", "three"))
	socket.close(c)
	skynet.sleep(10)
	c = socket.open("127.0.0.1", port)
	skynet.sleep(5)
	socket.write(c, string.pack(">s2", "whole") .. "\0\9part")
	socket.close(c)
	skynet.sleep(10)
	-- a second gate, its port given as a string
	local lid, _, p2 = socket.listen("127.0.0.1", 0)
	socket.close(lid)
	local gate2 = skynet.newservice("gate")
	local a2, port2 = skynet.call(gate2, "lua", "open", { address = "127.0.0.1", port = tostring(p2) })
	log("string port", a2, math.type(port2), port2 == p2)
	skynet.sleep(20)
	skynet.abort()
end)
