-- worker: raises on "crash", answers "ping", exits on "quit".
local skynet = require "skynet"

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd)
		if cmd == "crash" then
			local t = nil
			-- lesson 11.1: this raises; skynet.lua logs it with its traceback, and the service goes on
			return t.field
		elseif cmd == "ping" then
			skynet.ret(skynet.pack("pong"))
		elseif cmd == "quit" then
			skynet.exit()
		end
	end)
end)
