-- looper: on "spin", loops without yielding until the monitor has flagged it (at most 15 s); answers "ping".
local skynet = require "skynet"

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd)
		if cmd == "spin" then
			local start = skynet.hpc()
			-- lesson 11.3: no yield, no message handled: this worker thread belongs to the loop
			while skynet.stat("endless") == 0 and skynet.hpc() - start < 15e9 do
			end
			skynet.error(string.format("looper: the monitor flagged me after %.1f s; leaving the loop",
				(skynet.hpc() - start) / 1e9))
		elseif cmd == "ping" then
			skynet.ret(skynet.pack("pong"))
		elseif cmd == "quit" then
			skynet.exit()
		end
	end)
end)
