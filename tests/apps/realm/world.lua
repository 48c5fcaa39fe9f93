-- world.lua: who is in the realm (a global uniqueservice on the master node); the scene node tells it.
local skynet = require "skynet"

local who = {}

skynet.start(function()
	skynet.dispatch("lua", function(session, source, cmd, name)
		if cmd == "arrived" then
			who[#who + 1] = name .. "@" .. skynet.harbor(source)
		elseif cmd == "list" then
			skynet.ret(skynet.pack(#who == 0 and "nobody" or table.concat(who, " ")))
		end
	end)
end)
