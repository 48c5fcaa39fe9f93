-- worker.lua: "work" answers its count (the third exits without answering), "slow" answers after 0.5 s.
local skynet = require "skynet"

local name = ...
local count = 0

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd)
		if cmd == "work" then
			count = count + 1
			if count == 3 then
				skynet.exit() -- the caller's call fails
			end
			skynet.ret(skynet.pack(name .. " did " .. count))
		elseif cmd == "slow" then
			skynet.sleep(50)
			skynet.ret(skynet.pack(name .. " was slow"))
		end
	end)
end)
