-- spin_service: a helper service for test_hostile_peers: `spin(who)` tells `who` it
-- is spinning, then runs Lua for half a second of CPU, so a signal 0 can break it.
local skynet = require "skynet"

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd, who)
		if cmd == "spin" then
			skynet.send(who, "lua", "spinning")
			local stop = os.clock() + 0.5
			local n = 0
			while os.clock() < stop do
				n = n + 1
			end
			skynet.ret(skynet.pack("done"))
		else
			skynet.ret(skynet.pack("pong"))
		end
	end)
end)
