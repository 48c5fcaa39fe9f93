-- pong: answers each "ping n" with "pong n", and exits on "bye".
local skynet = require "skynet"

skynet.start(function()
	skynet.dispatch("lua", function(session, source, cmd, n)
		if cmd == "ping" then
			-- lesson 01.3: ret sends a RESPONSE carrying the caller's session
			skynet.ret(skynet.pack("pong " .. n))
		elseif cmd == "bye" then
			skynet.exit()
		end
	end)
end)
