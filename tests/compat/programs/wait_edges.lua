-- wait_edges: skynet.wait/wakeup/sleep edge cases (tokens, double wakeups, wakeup of a call), negative and zero sleeps, timeouts cancelled by a token, skynet.queue with a timeout inside, killthread of a sleeper and of a caller.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local queue = require "skynet.queue"

local mode = ...
local log = skynet.error

if mode == "slow" then
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, ticks)
			skynet.sleep(ticks)
			skynet.retpack("slow done")
		end)
	end)
	return
end

skynet.start(function()
	local slow = skynet.newservice(SERVICE_NAME, "slow")
	-- sleeps of 0 and less
	log("sleep 0", skynet.sleep(0))
	log("sleep -1", pcall(skynet.sleep, -1))
	log("yield", skynet.yield())
	-- a token other than the coroutine
	local token = {}
	skynet.fork(function()
		log("wait on a token returns", skynet.wait(token))
	end)
	skynet.yield()
	log("wakeup token", skynet.wakeup(token))
	log("wakeup token again", skynet.wakeup(token))
	skynet.yield()
	-- sleep with a token, woken early
	local sleeper_token = "sleeper"
	skynet.fork(function()
		log("sleep with token returns", skynet.sleep(100, sleeper_token))
	end)
	skynet.yield()
	log("wakeup sleeper", skynet.wakeup(sleeper_token))
	skynet.sleep(1)
	-- wakeup of a coroutine waiting in a call does nothing
	local caller
	skynet.fork(function()
		caller = coroutine.running()
		log("call returned", skynet.call(slow, "lua", 5))
	end)
	skynet.yield()
	log("wakeup a caller", skynet.wakeup(caller))
	skynet.sleep(10)
	-- killthread of a sleeper and of a caller
	local s2 = skynet.fork(function()
		skynet.sleep(1000)
		log("sleeper 2 woke (should not)")
	end)
	local c2 = skynet.fork(function()
		log("caller 2 got", pcall(skynet.call, slow, "lua", 5))
		log("caller 2 continues (should not)")
	end)
	skynet.yield()
	log("killthread sleeper", skynet.killthread(s2))
	log("killthread caller", skynet.killthread(c2))
	log("killthread again", skynet.killthread(s2))
	skynet.sleep(10)
	-- a queue whose section sleeps and times out another task's wait
	local cs = queue()
	local order = {}
	for i = 1, 3 do
		skynet.fork(function()
			cs(function()
				order[#order + 1] = "in" .. i
				skynet.sleep(2)
				order[#order + 1] = "out" .. i
			end)
		end)
	end
	skynet.sleep(10)
	log("queue", table.concat(order, " "))
	log("nested queue", pcall(cs, function() return cs(function() return "inner" end) end))
	-- fork arguments and return
	local co = skynet.fork(function(a, b, ...) log("fork args", a, b, select("#", ...)) end, 1, nil, 3, nil)
	log("fork returns a thread", type(co))
	skynet.sleep(1)
	-- timeout callbacks: order and errors
	for i = 3, 1, -1 do skynet.timeout(i, function() log("timeout", i) end) end
	skynet.timeout(0, function() log("timeout 0") end)
	skynet.sleep(5)
	skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
	skynet.abort()
end)
