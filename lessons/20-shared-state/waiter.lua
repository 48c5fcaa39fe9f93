-- waiter: blocks on datacenter.wait until main sets the value, tells main it woke, then exits.
local skynet = require "skynet"
local datacenter = require "skynet.datacenter"

local motd        -- the value, once the wait returned
local tell_main   -- main's "woken" request, answered when the wait returns

skynet.start(function()
	skynet.fork(function()
		-- a call to datacenterd that is answered only when the leaf is set
		motd = datacenter.wait("config", "motd")
		skynet.error("waiter woke up with: " .. motd)
		if tell_main then
			tell_main(true, motd)
			skynet.exit()
		end
	end)
	skynet.dispatch("lua", function(_, _, cmd)
		if cmd == "ready" then
			skynet.retpack(true)
		else
			-- "woken": main goes on only after this wait returned, so the two
			-- halves of the lesson never interleave on a busy machine.
			assert(cmd == "woken")
			if motd then
				skynet.retpack(motd)
				skynet.exit()
			else
				tell_main = skynet.response()
			end
		end
	end)
end)
