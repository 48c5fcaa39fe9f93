-- test_timer: timeout and sleep fire in order of their expiry, and now() moves in 1/100 s.
local skynet = require "skynet"
local t = require "testlib"

t.run("test_timer", {
	{ "timeouts fire in expiry order, ties in set order", function()
		local order = {}
		local me = coroutine.running()
		local function mark(v)
			return function()
				order[#order + 1] = v
				if #order == 5 then skynet.wakeup(me) end
			end
		end
		skynet.timeout(30, mark("c"))
		skynet.timeout(10, mark("a"))
		skynet.timeout(20, mark("b1"))
		skynet.timeout(20, mark("b2"))
		skynet.timeout(0, mark("now"))
		skynet.wait(me)
		t.eq(table.concat(order, ","), "now,a,b1,b2,c", "order")
	end },
	{ "sleep lasts at least its ticks", function()
		local before = skynet.now()
		skynet.sleep(5)
		local slept = skynet.now() - before
		assert(slept >= 5, "slept only " .. slept .. " ticks")
		assert(slept < 100, "slept far too long: " .. slept .. " ticks")
	end },
	{ "sleepers wake in order of their deadlines", function()
		local order = {}
		local me = coroutine.running()
		for _, ticks in ipairs { 6, 2, 4 } do
			skynet.fork(function()
				skynet.sleep(ticks)
				order[#order + 1] = ticks
				if #order == 3 then skynet.wakeup(me) end
			end)
		end
		skynet.wait(me)
		t.eq(table.concat(order, ","), "2,4,6", "wake order")
	end },
	{ "wakeup breaks a sleep", function()
		local co
		local result
		skynet.fork(function()
			co = coroutine.running()
			result = skynet.sleep(1000)
		end)
		skynet.yield()
		assert(skynet.wakeup(co), "wakeup found the sleeper")
		skynet.yield()
		t.eq(result, "BREAK", "sleep result")
	end },
	{ "time and starttime agree with now", function()
		local st = skynet.starttime()
		assert(st > 1600000000, "starttime looks like a Unix time: " .. st)
		local diff = skynet.time() - (st + skynet.now() / 100)
		assert(math.abs(diff) < 0.05, "time() drifts from now(): " .. diff)
	end },
	{ "skynet.time() follows the wall clock to within a tick or two", function()
		-- Catch the moment os.time() turns to the next second: the wall clock
		-- is then just past a whole second, and skynet.time() must say so.
		local t0 = os.time()
		for _ = 1, 150 do
			if os.time() ~= t0 then break end
			skynet.sleep(1)
		end
		local second, now = os.time(), skynet.time()
		assert(second ~= t0, "os.time() did not move in 150 ticks")
		assert(now >= second - 0.02 and now < second + 0.06,
			string.format("skynet.time() %.2f, wall clock just past %d", now, second))
	end },
	{ "timers are aligned to ticks: 100 x sleep(1) take 100 ticks", function()
		skynet.sleep(1) -- start right after a tick
		local before = skynet.now()
		for _ = 1, 100 do
			skynet.sleep(1)
		end
		local took = skynet.now() - before
		assert(took >= 100 and took <= 104, "100 x sleep(1) took " .. took .. " ticks")
	end },
})
