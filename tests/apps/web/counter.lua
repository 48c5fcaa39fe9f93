-- counter.lua: a named count the http routes share (a uniqueservice), and the shutdown.
local skynet = require "skynet"
require "skynet.manager" -- skynet.abort

local counts = {}

skynet.start(function()
	skynet.dispatch("lua", function(session, source, cmd, key)
		if cmd == "bump" then
			counts[key] = (counts[key] or 0) + 1
			skynet.ret(skynet.pack(counts[key]))
		elseif cmd == "shutdown" then
			skynet.abort()
		end
	end)
end)
