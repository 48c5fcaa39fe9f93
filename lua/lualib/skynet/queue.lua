-- skynet.queue: a critical section: the functions run through one queue run one at a time, in order of arrival.
--
--   local queue = require "skynet.queue"
--   local cs = queue()
--   cs(f, ...)   -- runs f(...) when no other task is inside cs; returns f's results
--
-- A task already inside cs may enter it again (a nested cs(g) runs at once).
-- A waiting task is parked with skynet.wait, which the trace shows as "queue".
local skynet = require "skynet"
local coroutine_running = coroutine.running

local function queue()
	local owner        -- the task inside the section
	local depth = 0    -- how many times owner entered it
	local waiting = {} -- tasks in order of arrival, waiting[head..tail]
	local head, tail = 1, 0

	local function leave(ok, ...)
		depth = depth - 1
		if depth == 0 then
			owner = nil
			if head <= tail then
				-- hand the section straight to the next task, so that no one
				-- arriving before it wakes can take it first
				owner = waiting[head]
				waiting[head] = nil
				head = head + 1
				skynet.wakeup(owner)
			end
		end
		-- as skynet's: assert, so a string error gets this line's position
		assert(ok, (...))
		return ...
	end

	return function(f, ...)
		local me = coroutine_running()
		if owner and owner ~= me then
			tail = tail + 1
			waiting[tail] = me
			skynet.wait(me, "queue")
		end
		owner = me
		depth = depth + 1
		return leave(xpcall(f, debug.traceback, ...))
	end
end

-- as skynet's, requiring the module also sets skynet.queue
skynet.queue = queue
return queue
