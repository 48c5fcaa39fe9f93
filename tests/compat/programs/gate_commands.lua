-- gate_commands: skynet's gate service driven by a watchdog: kick of an unknown fd, an unknown
-- command, an empty packet, a lone byte, the client leaving, close.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
local mode = ...
if mode == "wd" then
	local gate
	skynet.start(function()
		skynet.dispatch("lua", function(session, source, cmd, sub, ...)
			if cmd == "socket" then
				skynet.error("wd socket", sub, ...)
				if sub == "open" then
					local fd = ...
					skynet.error("accept", pcall(skynet.call, gate, "lua", "accept", fd))
				elseif sub == "data" then
					local fd, msg = ...
				end
			elseif cmd == "start" then
				gate = skynet.newservice("gate")
				skynet.error("open", skynet.call(gate, "lua", "open", sub))
				skynet.ret(skynet.pack(gate))
			end
		end)
	end)
else
	skynet.start(function()
		local lid, _, port = socket.listen("127.0.0.1", 0)
		socket.close(lid)
		local wd = skynet.newservice(SERVICE_NAME, "wd")
		local gate = skynet.call(wd, "lua", "start", { address = "127.0.0.1", port = port, maxclient = 4 })
		skynet.error("kick unknown", pcall(skynet.call, gate, "lua", "kick", 9999))
		skynet.error("nosuch cmd", pcall(skynet.call, gate, "lua", "nosuch"))
		local c = socket.open("127.0.0.1", port)
		skynet.sleep(5)
		socket.write(c, string.pack(">s2", "hello"))
		socket.write(c, string.pack(">s2", ""))
		skynet.sleep(5)
		socket.write(c, "\0")
		skynet.sleep(5)
		socket.close(c)
		skynet.sleep(5)
		skynet.error("close", pcall(skynet.call, gate, "lua", "close"))
		skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
		skynet.abort()
	end)
end
