-- main: one service that sleeps, sets a timeout, forks a coroutine that waits, and wakes it.
local skynet = require "skynet"

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
	skynet.exit()
end)
