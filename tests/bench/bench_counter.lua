-- bench_counter: counts one-way messages, and answers "wait" once it has seen them all.
local skynet = require "skynet"

local count = 0

skynet.start(function()
	skynet.dispatch("lua", function(session, source, cmd)
		if session == 0 then
			count = count + 1
		elseif cmd == "wait" then
			skynet.ret(skynet.pack(count))
		elseif cmd == "echo" then
			skynet.ret(skynet.pack(cmd))
		end
	end)
end)
