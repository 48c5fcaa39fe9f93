-- gate_maxclient: skynet's gate with maxclient = 1: every client is refused, the watchdog hears each close; data from a refused client.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local mode = ...
local log = skynet.error
if mode == "watchdog" then
	local gate
	skynet.start(function()
		skynet.dispatch("lua", function(session, _, cmd, sub, ...)
			if cmd == "socket" then
				local args = { ... }
				if sub == "open" then args[2] = args[2]:gsub(":%d+$", ":P") end
				if sub == "data" then args[2] = #args[2] end
				log("watchdog socket", sub, table.unpack(args, 2))
			elseif cmd == "start" then
				gate = skynet.newservice("gate")
				skynet.call(gate, "lua", "open", sub)
				skynet.retpack(true)
			elseif cmd == "accept" then
				skynet.retpack(pcall(skynet.call, gate, "lua", "accept", sub))
			end
		end)
	end)
	return
end
local socket = require "skynet.socket"
skynet.start(function()
	local lid, _, port = socket.listen("127.0.0.1", 0)
	socket.close(lid)
	local wd = skynet.newservice(SERVICE_NAME, "watchdog")
	skynet.call(wd, "lua", "start", { address = "127.0.0.1", port = port, maxclient = 1 })
	local c1 = socket.open("127.0.0.1", port)
	skynet.sleep(5)
	local c2 = socket.open("127.0.0.1", port)
	skynet.sleep(5)
	log("c2 read", socket.read(c2, 1))
	socket.write(c1, string.pack(">s2", "to watchdog"))
	skynet.sleep(5)
	socket.write(c1, "\0")
	skynet.sleep(5)
	socket.close(c1)
	skynet.sleep(5)
	local c3 = socket.open("127.0.0.1", port)
	skynet.sleep(5)
	socket.write(c3, string.pack(">s2", "c3 here"))
	skynet.sleep(5)
	socket.close(c3)
	skynet.sleep(20)
	skynet.abort()
end)
