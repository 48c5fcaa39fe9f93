-- main: one service that sleeps, sets a timeout, forks a coroutine that waits and wakes it, and runs two tasks through a skynet.queue.
local skynet = require "skynet"
local queue = require "skynet.queue"

skynet.start(function()
	local start = skynet.now()
	-- lesson 05.1: sleep asks the timer thread for a timeout of 10 ticks (100 ms) and suspends on its session
	skynet.sleep(10)
	skynet.error(string.format("main: slept %d ticks", skynet.now() - start))

	-- lesson 05.2: timeout gives a function its own coroutine, started when the timer fires
	skynet.timeout(5, function()
		skynet.error("main: the timeout ran at tick " .. skynet.now() - start)
	end)

	local waiter
	-- lesson 05.3: fork queues a coroutine that runs after the current task yields or ends
	skynet.fork(function()
		waiter = coroutine.running()
		-- lesson 05.4: wait suspends with no timer at all: only a wakeup can resume it
		skynet.wait()
		skynet.error("main: the waiter was woken at tick " .. skynet.now() - start)
	end)

	skynet.sleep(20)
	-- lesson 05.5: wakeup queues the waiter; it runs as soon as this coroutine suspends
	skynet.wakeup(waiter)
	skynet.yield()

	-- A critical section: two tasks, one at a time inside, even while the first sleeps.
	local cs = queue()
	local me, finished = coroutine.running(), 0
	local function task(name)
		-- lesson 05.6: cs(f) runs f when no other task is inside; a second task waits its turn
		cs(function()
			skynet.error("main: " .. name .. " is inside the critical section")
			skynet.sleep(5)
			skynet.error("main: " .. name .. " leaves it")
		end)
		finished = finished + 1
		if finished == 2 then
			skynet.wakeup(me)
		end
	end
	skynet.fork(task, "first")
	skynet.fork(task, "second")
	skynet.wait(me)
	skynet.exit()
end)
