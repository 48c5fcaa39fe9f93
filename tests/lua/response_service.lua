-- response_service: a helper for test_response: each command calls a peer, then does one
-- thing after the answer (fork, wake, raise, exit, call again), logging what it ran.
local skynet = require "skynet"

local log = {}
local waiting

local function note(what) log[#log + 1] = what end

local CMD = {}
-- The answer's task goes on to each of these right after its call returns: the
-- yield it ends with is not the plain wait lua/dispatch_fast.cpp finishes in C.
function CMD.call_then_fork(peer, i)
	note("c" .. skynet.call(peer, "lua", "echo", i))
	skynet.fork(function() note("f" .. i) end)
	note("after" .. i)
end
function CMD.wait(_, i)
	note("w" .. i)
	waiting = coroutine.running()
	skynet.wait()
	note("woke" .. i)
end
function CMD.call_then_wake(peer, i)
	note("c" .. skynet.call(peer, "lua", "echo", i))
	skynet.wakeup(waiting)
	note("after" .. i)
end
function CMD.call_then_raise(peer, i)
	note("c" .. skynet.call(peer, "lua", "echo", i))
	error("raised after the answer " .. i .. " (expected by test_response)")
end
function CMD.call_then_exit(peer, i)
	note("c" .. skynet.call(peer, "lua", "echo", i))
	skynet.exit()
end
function CMD.call_chain(peer, i)
	local sum = 0
	for k = 1, i do
		sum = sum + skynet.call(peer, "lua", "echo", k)
	end
	note("sum" .. sum)
end

skynet.start(function()
	skynet.dispatch("lua", function(session, _, cmd, peer, i)
		if cmd == "log" then
			local text = table.concat(log, " ")
			log = {}
			return skynet.ret(skynet.pack(text))
		end
		CMD[cmd](peer, i)
		if session ~= 0 then
			skynet.ret(skynet.pack(i))
		end
	end)
end)
