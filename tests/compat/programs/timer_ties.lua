-- timer_ties: timeouts set at different moments that come due in the same tick, short and long (past skynet's 256-tick near wheel), and sleeps woken in the same tick: the order they run in.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local log = skynet.error

skynet.start(function()
	local order = {}
	local done = {}
	local expected = 0
	local function note(name)
		return function()
			order[#order + 1] = name
			if #order == expected then skynet.wakeup(done) end
		end
	end
	-- start on a tick boundary
	skynet.sleep(1)
	local t0 = skynet.now()
	-- short ones: A at t0 for 10, then B one tick later for 9, C for 9 at the same time as B
	expected = expected + 3
	skynet.timeout(10, note("A10"))
	skynet.sleep(1)
	skynet.timeout(9, note("B9"))
	skynet.timeout(9, note("C9"))
	-- long ones, due together at t0 + 301
	expected = expected + 4
	skynet.timeout(300, note("D300"))
	skynet.sleep(1)
	skynet.timeout(299, note("E299"))
	skynet.sleep(1)
	skynet.timeout(298, note("F298"))
	skynet.timeout(298, note("G298"))
	-- sleepers due in the same tick as a timeout
	expected = expected + 2
	skynet.fork(function() skynet.sleep(50) note("sleeper1")() end)
	skynet.fork(function() skynet.sleep(50) note("sleeper2")() end)
	expected = expected + 1
	skynet.sleep(1)
	skynet.timeout(49, note("H49"))
	skynet.wait(done)
	log("order", table.concat(order, " "))
	log("ticks taken", skynet.now() - t0 >= 300)
	skynet.sleep(20)
	skynet.abort()
end)
