-- ret_service: a helper for test_ret_step: answers in the ways skynet.ret allows and logs what each ret returned or raised.
local skynet = require "skynet"

local log = {}
local function note(what) log[#log + 1] = tostring(what) end

local CMD = {}
-- a packed answer, then a second ret for the same request: "No session"
function CMD.twice(i)
	note(skynet.ret(skynet.pack(i)))
	local ok, err = pcall(skynet.ret, skynet.pack(i + 1))
	note(ok or err:match("No session"))
end
-- a string answer, handed as it is
function CMD.bytes(i)
	note(skynet.ret("bytes" .. i))
end
-- an answer to a sender that no longer exists: false, as c.send's nil
function CMD.to_nobody(i)
	note(skynet.ret(skynet.pack(i)))
end
-- an answer to a one-way message: nobody waits, false
function CMD.one_way(i)
	note(skynet.ret(skynet.pack(i)))
end
-- the coroutine this request runs in: a task's coroutine goes back to the
-- pool when it ends (lua/task_end.cpp), so the next request runs in it again
function CMD.which()
	skynet.ret(skynet.pack(tostring(coroutine.running())))
end
-- an answer from a plain coroutine inside the task: it acts for the task,
-- whose record holds the session (lua/co_record.h)
function CMD.wrapped(i)
	coroutine.wrap(function() note(skynet.ret(skynet.pack(i))) end)()
end
-- a request left unanswered until the service exits: skynet.exit fails it
-- (the session found by walking the coroutines' records)
function CMD.hold()
	skynet.wait()
end
function CMD.quit()
	skynet.exit()
end
-- a fork and a timeout flag their coroutines' records (a pending start):
-- the timeout's coroutine must start on its function, not be resumed as a
-- call's answer, and the coroutines serve later requests as any other
function CMD.fork_then(i)
	skynet.fork(function() note("fork") end)
	local me = coroutine.running()
	skynet.timeout(0, function() note("timeout") skynet.wakeup(me) end)
	skynet.wait(me)
	note(skynet.ret(skynet.pack(i)))
end
-- no message at all: an empty answer
function CMD.empty()
	note(skynet.ret())
end

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd, i)
		if cmd == "log" then
			local text = table.concat(log, " ")
			log = {}
			return skynet.ret(skynet.pack(text))
		end
		CMD[cmd](i)
	end)
end)
