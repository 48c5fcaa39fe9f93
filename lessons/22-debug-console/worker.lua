-- worker: a service with a patrol coroutine that sleeps in a loop, for the console to inspect.
local skynet = require "skynet"

local rounds = 0

local function patrol()
	while true do
		-- lesson 22.4: this coroutine is suspended here most of the time; `task` shows this line
		skynet.sleep(50)
		rounds = rounds + 1
	end
end

skynet.start(function()
	skynet.info_func(function() return { rounds = rounds } end) -- what `info` answers
	skynet.fork(patrol)
	-- Let the patrol reach its first sleep before this start returns (and the
	-- launcher tells main the worker is up): then its suspend comes before the
	-- console's launch in every run, not only when the other worker is slower.
	skynet.yield()
	skynet.dispatch("lua", function(_, _, cmd)
		if cmd == "bye" then
			skynet.exit()
		end
	end)
end)
