-- looper: a service whose "loop" request never returns and never yields.
local skynet = require "skynet"

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd)
		if cmd == "loop" then
			skynet.error("looper: looping")
			local n = 0
			while true do
				n = n + 1
			end
		end
	end)
end)
