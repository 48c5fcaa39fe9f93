-- skynet.fork: a function run in a task of its own after the current message; the fork queue's upkeep.
--
-- Forked tasks wait in a queue (skynet.lua's fork_queue, h..t) that
-- skynet.dispatch_message runs after each message, in order.
return function(skynet, internal)
local co_get = internal.co_get
local co_id = internal.co_id
local pending_start = internal.pending_start
local fork_queue = internal.fork_queue
local tracing = internal.tracing
local trace_co = internal.trace_co
local running = internal.running
local suspend = internal.suspend
local coroutine_resume = coroutine.resume

-- fork(nil) fails when it runs, as skynet's: "attempt to call a nil value
-- (upvalue 'f')" at skynet.lua (skynet/raise_here.lua).
function skynet.fork(func, ...)
	func = func or require("skynet.raise_here").call_nil
	local n = select("#", ...)
	local co = co_get()
	if n == 0 then
		pending_start[co] = func
	else
		local args = table.pack(...)
		pending_start[co] = function()
			func(table.unpack(args, 1, args.n))
		end
	end
	local t = fork_queue.t + 1
	fork_queue.t = t
	fork_queue[t] = co
	if tracing then
		trace_co("co.new", co_id[co], 0, "fork", 0)
	end
	return co
end

-- skynet.exit: no forked task runs after it.
function internal.drop_forks()
	for i = fork_queue.h, fork_queue.t do
		fork_queue[i] = nil
	end
	fork_queue.h, fork_queue.t = 1, 0
end

-- skynet.dispatch_message runs the forked coroutines after each message;
-- returns the error text when the message or a fork failed (skynet joins
-- them with newlines), nil when all went well.
function internal.run_forks(succ, err)
	-- Forked coroutines run after the message that forked them, in order.
	while true do
		local h = fork_queue.h
		if h > fork_queue.t then
			if h > 1 then
				fork_queue.h, fork_queue.t = 1, 0 -- in place: skynet.lua holds it
			end
			break
		end
		local co = fork_queue[h]
		fork_queue[h] = nil
		fork_queue.h = h + 1
		local f = pending_start[co]
		pending_start[co] = nil
		if tracing then
			trace_co("co.resume", co_id[co], 0, "fork")
		end
		running.thread = co
		local fork_succ, fork_err = pcall(suspend, co, coroutine_resume(co, f))
		if not fork_succ then
			if succ then
				succ = false
				err = tostring(fork_err)
			else
				err = tostring(err) .. "\n" .. tostring(fork_err)
			end
		end
	end
	if not succ then
		return tostring(err)
	end
end
end
