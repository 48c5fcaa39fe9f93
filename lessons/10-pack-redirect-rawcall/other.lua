-- other: never calls anyone, yet receives a RESPONSE: the answer to a request forged in its name.
local skynet = require "skynet"

local stray          -- the session of a response nobody here asked for, once it came
local waiting        -- main's deferred answer to wait_stray

skynet.start(function()
	-- lesson 10.5: a RESPONSE whose session no coroutine here waits for
	skynet.dispatch_unknown_response(function(session, source, msg, sz)
		skynet.error(string.format("other: a response I never asked for: session %d from %s, value %s",
			session, skynet.address(source), tostring(skynet.unpack(msg, sz))))
		stray = session
		if waiting then
			waiting(true, stray)
		end
	end)
	skynet.dispatch("lua", function(_, _, cmd)
		if cmd == "wait_stray" then
			if stray then
				skynet.retpack(stray)
			else
				waiting = skynet.response()
			end
		elseif cmd == "bye" then
			skynet.exit()
		end
	end)
end)
