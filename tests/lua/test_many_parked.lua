-- test_many_parked: a service with thousands of calls waiting at once pays about what one with 64 does per call (lua/call_park.cpp's reserved sessions), by address, by name and by rawcall.
local skynet = require "skynet"
local t = require "testlib"

local e

-- n calls to the echo service from `cos` coroutines, each calling in a loop,
-- so `cos` calls wait at once; returns the wall time (s) and the answers' sum.
local function calls_from(cos, n)
	local me = coroutine.running()
	local left, done, sum = n, 0, 0
	local start = skynet.hpc()
	for _ = 1, cos do
		skynet.fork(function()
			while left > 0 do
				left = left - 1
				local one = skynet.call(e, "lua", "add", 1, 0) -- read sum after the wait
				sum = sum + one
			end
			done = done + 1
			if done == cos then skynet.wakeup(me) end
		end)
	end
	skynet.wait(me)
	return (skynet.hpc() - start) / 1e9, sum
end

t.run("test_many_parked", {
	{ "20,000 calls from 4,096 coroutines cost within a few times 64 coroutines' cost", function()
		e = skynet.newservice("echo_service")
		calls_from(64, 2000) -- warm up: the first calls grow the tables
		local n = 20000
		local few, few_sum = calls_from(64, n)
		-- 4,096: a power of two, where each call rehashed both session tables
		-- (about 30 times the cost of 64 waiting); 4,095 and 4,097 were not hit
		local many, many_sum = calls_from(4096, n)
		t.eq(few_sum, n, "every call answered (64)")
		t.eq(many_sum, n, "every call answered (4,096)")
		print(string.format("test_many_parked: 64 waiting %.3f s, 4,096 waiting %.3f s", few, many))
		-- measured after the fix: 1.4x to 3x (forking 4,096 coroutines
		-- included); before it, 30x and more. 8x leaves room for a loaded machine
		assert(many < few * 8 + 0.2, string.format("4,096 waiting took %.3f s, 64 waiting %.3f s", many, few))
	end },
	-- Calls by name take call.lua's own path and rawcalls skynet.lua's
	-- yield_call, not call_park: they reserve sessions through
	-- reserve_sessions. Before, 4,096 waiting by name cost 74 us of CPU a
	-- call against 9 us for 64 (bench_parked, bench_named = 1), by rawcall
	-- 104 against 6.5 (a cluster agent's 1,024 rawcalls: 4 times the CPU).
	-- Each in a fresh caller: this service's tables, grown by the case
	-- above, would hide it.
	{ "by name and by rawcall too: 4,096 waiting cost within a few times 64", function()
		for _, how in ipairs { "name", "rawcall" } do
			local caller = skynet.newservice("many_parked_caller", e, how)
			local n = 20000
			skynet.call(caller, "lua", 64, 2000) -- warm up
			local few, few_sum = skynet.call(caller, "lua", 64, n)
			local many, many_sum = skynet.call(caller, "lua", 4096, n)
			t.eq(few_sum + many_sum, 2 * n, "every call answered by " .. how)
			print(string.format("test_many_parked by %s: 64 waiting %.3f s, 4,096 waiting %.3f s", how, few, many))
			assert(many < few * 8 + 0.2, string.format("by %s: 4,096 waiting took %.3f s, 64 waiting %.3f s", how, many, few))
			skynet.kill(caller)
		end
	end },
	{ "the tables keep no session once every call is answered", function()
		calls_from(4096, 8192)
		collectgarbage()
		local before = collectgarbage("count")
		calls_from(4096, 40000)
		collectgarbage()
		local grown = collectgarbage("count") - before
		-- a session left per call would be a node in each table: > 1 MiB here;
		-- the reserved sessions are spare nodes the next calls reuse
		assert(grown < 512, string.format("Lua heap grew %.0f KiB over 40,000 calls", grown))
	end },
})
