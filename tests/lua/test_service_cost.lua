-- test_service_cost: what one idle Lua service costs, and the skynet parts it loads only when used.
local skynet = require "skynet"

if ... == "child" then
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, what, ...)
			if what == "mem" then
				collectgarbage()
				skynet.ret(skynet.pack(collectgarbage("count")))
			elseif what == "loaded" then
				skynet.ret(skynet.pack(package.loaded["skynet.debug"] ~= nil,
					package.loaded["skynet.trace"] ~= nil, package.loaded["skynet.request"] ~= nil))
			elseif what == "use trace" then
				skynet.ret(skynet.pack(skynet.tracetag(), type(skynet.trace_timeout)))
			elseif what == "use debug" then
				skynet.ret(skynet.pack(skynet.mqlen()))
			elseif what == "loaded rare" then
				skynet.ret(skynet.pack(rawget(skynet, "exit") ~= nil, rawget(skynet, "rawcall") ~= nil))
			elseif what == "use rawcall" then
				local other = ...
				local kib = skynet.unpack(skynet.rawcall(other, "lua", skynet.pack("mem")))
				skynet.ret(skynet.pack(kib, rawget(skynet, "rawcall") ~= nil))
			elseif what == "manager" then
				require "skynet.manager"
				local before = rawget(skynet, "name") ~= nil
				local kind = type(skynet.name)
				skynet.ret(skynet.pack(before, kind, rawget(skynet, "kill") ~= nil))
			elseif what == "exit" then
				skynet.exit()
			elseif what == "own debug" then
				-- A service that answers the debug protocol itself keeps doing so.
				skynet.dispatch("debug", function() skynet.ret(skynet.pack("mine")) end)
				skynet.ret(skynet.pack(true))
			end
		end)
	end)
	return
end

local t = require "testlib"

-- Lua memory of a fresh service, in KiB (collectgarbage "count"): 86.9 since the
-- runtime's library is cached without local names and skynet.exit and the raw
-- sends load on first use (2026-12-02 evening), ~110.6 before (102.7
-- before the batched dispatch of plain requests, ~107 before skynet's loader
-- frame, Lua 5.5 wording and skynet/fork.lua came for compatibility), with skynet.debug,
-- skynet.trace and skynet.request loaded on first use; it was
-- ~123 when skynet.lua loaded them all at start. ~66 KiB of it are the
-- compiled functions, which stock Lua cannot share between states. The bound
-- (a Lua count, the same under the sanitizers) catches a module loaded
-- eagerly again or skynet.lua's top level growing (docs/benchmarks.md, "What
-- an idle service costs").
local MAX_SERVICE_KIB = 104 -- 86.9 KiB measured on the h-spawn branch, 92.2 once the evening's other merges were in, 97.8 with the compat, echo, sends, record and flags merges at /work/main, 99.7 with the fourth compat sweep's checks (raise_here.lua, skynet's argument checks) and the harbor (2026-12-03); the checkout's path is in every chunk name, and CI's deeper one adds ~0.4 KiB (100.1 there: the bound was 100 until then). A module loaded eagerly again costs 3-10 KiB, which this still catches (docs/benchmarks.md)

t.run("test_service_cost", {
	{ "a fresh service has not loaded skynet.debug, skynet.trace nor skynet.request", function()
		local s = skynet.newservice(SERVICE_NAME, "child")
		local dbg, trace, request = skynet.call(s, "lua", "loaded")
		t.eq(dbg, false, "skynet.debug loaded")
		t.eq(trace, false, "skynet.trace loaded")
		t.eq(request, false, "skynet.request loaded")
		local kib = skynet.call(s, "lua", "mem")
		skynet.error(string.format("an idle service's Lua memory: %.1f KiB", kib))
		assert(kib < MAX_SERVICE_KIB, string.format("%.1f KiB, want under %d", kib, MAX_SERVICE_KIB))
		skynet.kill(s)
	end },
	{ "skynet.exit, skynet.rawcall (rawsend, redirect) and skynet.manager's functions load on first use, and work", function()
		local s, other = skynet.newservice(SERVICE_NAME, "child"), skynet.newservice(SERVICE_NAME, "child")
		local exit, rawcall = skynet.call(s, "lua", "loaded rare")
		t.eq(exit, false, "skynet.exit loaded in a fresh service")
		t.eq(rawcall, false, "skynet.rawcall loaded in a fresh service")
		local kib, loaded = skynet.call(s, "lua", "use rawcall", other)
		t.eq(math.type(kib) ~= nil, true, "rawcall's answer")
		t.eq(loaded, true, "skynet.rawcall loaded once used")
		local before, kind, kill = skynet.call(s, "lua", "manager")
		t.eq(before, false, "skynet.name loaded by require \"skynet.manager\"")
		t.eq(kind, "function", "skynet.name")
		t.eq(kill, true, "skynet.kill loaded with skynet.name (skynet/manage.lua)")
		skynet.send(other, "lua", "exit")
		t.eq(pcall(skynet.call, other, "lua", "mem"), false, "a call to a service that exited")
		skynet.kill(s)
	end },
	{ "the first debug message loads skynet.debug and is answered", function()
		local s = skynet.newservice(SERVICE_NAME, "child")
		local mem = skynet.call(s, "debug", "MEM")
		t.eq(math.type(mem) ~= nil, true, "MEM answered a number")
		t.eq(skynet.call(s, "debug", "PING"), nil, "PING answered")
		t.eq((skynet.call(s, "lua", "loaded")), true, "skynet.debug loaded")
		skynet.kill(s)
	end },
	{ "skynet.trace's functions load skynet.trace when first used", function()
		local s = skynet.newservice(SERVICE_NAME, "child")
		local tag, kind = skynet.call(s, "lua", "use trace")
		t.eq(tag, nil, "tracetag of an untraced task")
		t.eq(kind, "function", "trace_timeout")
		t.eq(select(2, skynet.call(s, "lua", "loaded")), true, "skynet.trace loaded")
		skynet.kill(s)
	end },
	{ "a debug dispatch the service set itself survives skynet.debug's loading", function()
		local s = skynet.newservice(SERVICE_NAME, "child")
		skynet.call(s, "lua", "own debug")
		t.eq(skynet.call(s, "debug", "MEM"), "mine", "first debug message")
		t.eq(math.type(skynet.call(s, "lua", "use debug")), "integer", "skynet.mqlen")
		t.eq((skynet.call(s, "lua", "loaded")), true, "skynet.debug loaded by skynet.mqlen")
		t.eq(skynet.call(s, "debug", "MEM"), "mine", "after skynet.debug loaded")
		skynet.kill(s)
	end },
})
