-- center.lua: one named service: the uniqueservice registers ".center", the other the global "GAMED".
local skynet = require "skynet"
require "skynet.manager" -- skynet.register

local global = ...

skynet.start(function()
	local me = global or ".center"
	skynet.register(me)
	skynet.dispatch("lua", function(_, _, cmd)
		if cmd == "who" then
			skynet.ret(skynet.pack("I am " .. me))
		elseif cmd == "register_again" then
			skynet.register(".center")
			skynet.ret(skynet.pack("registered twice"))
		else
			skynet.ret(skynet.pack(nil))
		end
	end)
end)
