-- audit.lua: on the hall node, what the game node reports back (a call the other way).
local skynet = require "skynet"

local seen = 0

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd, name, total)
		seen = seen + 1
		skynet.error(string.format("audit %d: %s reached %d", seen, name, total))
		skynet.ret(skynet.pack(seen))
	end)
end)
