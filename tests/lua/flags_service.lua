-- flags_service: a helper for test_queue_flags: handlers that queue a fork or a wake-up, read their trace tag, or replace their own dispatch, each answering a call.
local skynet = require "skynet"

local state = { forked = 0, woken = false }
local token = {}

local CMD = {}
function CMD.fork(n)
	skynet.fork(function() state.forked = state.forked + n end)
	return "forked"
end
function CMD.park()
	skynet.wait(token)
	state.woken = true
	return "woke"
end
function CMD.wake()
	skynet.wakeup(token)
	return "waking"
end
function CMD.state()
	return state.forked, state.woken
end
function CMD.tag()
	return skynet.tracetag() or "none"
end
function CMD.note() end
function CMD.notetag() -- a one-way send: the tag kept for lasttag
	state.lasttag = CMD.tag()
end
function CMD.lasttag()
	return state.lasttag
end
function CMD.swap()
	-- the protocol's dispatch replaced from inside its own handler
	skynet.dispatch("lua", function(_, _, cmd, ...)
		if cmd == "tag" then
			skynet.ret(skynet.pack(CMD.tag()))
		else
			skynet.ret(skynet.pack("new:" .. cmd, ...))
		end
	end)
	return "swapped"
end

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd, ...)
		skynet.ret(skynet.pack(CMD[cmd](...)))
	end)
end)
