-- debug_service: a helper for test_debug: keeps a coroutine waiting and reports an info_func.
local skynet = require "skynet"

local parked -- the coroutine parked by `park`

skynet.info_func(function(what)
	return { what = what, answer = 42 }
end)

local CMD = {}
function CMD.park()
	parked = coroutine.running()
	skynet.sleep(100000)
	return "woke"
end
function CMD.parked() return tostring(parked) end

skynet.start(function()
	skynet.dispatch("lua", function(session, source, cmd, ...)
		skynet.retpack(CMD[cmd](...))
	end)
end)
