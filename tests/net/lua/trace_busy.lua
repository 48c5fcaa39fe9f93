-- trace_busy: keeps traced events flowing (100 sends to itself every tick) for
-- test_trace_junk.py's viewers to read; runs until the test kills the process.
local skynet = require "skynet"

skynet.start(function()
	local me = skynet.self()
	skynet.dispatch("lua", function() end)
	skynet.fork(function()
		while true do
			for _ = 1, 100 do
				skynet.send(me, "lua", "tick")
			end
			skynet.sleep(1)
		end
	end)
end)
