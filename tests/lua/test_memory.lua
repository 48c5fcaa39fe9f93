-- test_memory: skynet.memory reports each Lua service's heap (what skyglass's
-- allocator counts), their totals, and answers jemalloc's controls as skynet
-- does without jemalloc.
local skynet = require "skynet"
local memory = require "skynet.memory"

if ... == "idle" then
	skynet.start(function() end)
	return
end

local t = require "testlib"

local function near(got, want, slack, what)
	if math.abs(got - want) > slack then
		error(string.format("%s: got %d, want %d within %d", what, got, want, slack), 2)
	end
end

t.run("test_memory", {
	{ "current is this service's Lua heap, as collectgarbage counts it", function()
		collectgarbage()
		near(memory.current(), math.floor(collectgarbage "count" * 1024), 4096, "current")
		local before = memory.current()
		local big = {}
		for i = 1, 100000 do big[i] = i end
		t.eq(memory.current() - before > 1000000, true, "a 100000-slot table adds over 1 MB")
		big = nil
		collectgarbage()
		near(memory.current(), before, 65536, "back after the collector frees it")
	end },
	{ "info lists every Lua service; total and block add them up", function()
		local other = skynet.newservice(SERVICE_NAME, "idle")
		local info = memory.info()
		t.eq(type(info[skynet.self()]), "number", "this service is listed")
		t.eq(info[other] > 0, true, "the new service is listed with its heap")
		local sum = 0
		for _, bytes in pairs(info) do sum = sum + bytes end
		near(memory.total(), sum, 65536, "total is the sum of info")
		t.eq(memory.block() > 100, true, "blocks are counted")
		skynet.kill(other)
		t.eq(memory.info()[other], nil, "a killed service is gone from info")
	end },
	{ "jemalloc's controls answer as skynet's without jemalloc", function()
		local je = memory.jestat()
		t.eq(je["stats.allocated"] > 0, true, "stats.allocated from glibc, or the Lua heaps where glibc cannot say")
		for _, k in ipairs { "stats.active", "stats.resident", "stats.mapped", "stats.retained" } do
			t.eq(math.type(je[k]), "integer", k)
		end
		t.eq(memory.mallctl "opt.narenas", 0, "mallctl")
		t.eq(memory.profactive(true), false, "profactive")
		memory.dumpheap()
		memory.dump()
		memory.dumpinfo()
		t.raises(function() memory.mallctl() end, "string expected", "mallctl needs a name")
	end },
})
