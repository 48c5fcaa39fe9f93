-- user_coroutines: skynet.coroutine, coroutines of one's own that block in skynet calls, sleeps and waits:
-- a generator (wrap) calling another service, status "blocked" and a resume refused while blocked, plain Lua
-- coroutines and dead ones, thread(), nested coroutines that sleep, errors (strings, tables, a remote raise)
-- through resume and wrap, close with a to-be-closed variable, isyieldable, profile.start/stop around a call.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local mode = ...

if mode == "square" then
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, n)
			if n == 13 then error("unlucky " .. n) end
			skynet.retpack(n * n)
		end)
	end)
	return
end

local coroutine = require "skynet.coroutine"
local profile = require "skynet.profile"

skynet.start(function()
	local square = skynet.newservice(SERVICE_NAME, "square")
	local main_co, is_main = coroutine.thread()
	skynet.error("main thread", is_main, main_co == coroutine.running(), coroutine.isyieldable())
	skynet.error("resume the running task", coroutine.resume(coroutine.running()))

	-- a generator whose body calls another service between yields
	local gen = coroutine.wrap(function(from, to)
		local inner, inner_main = coroutine.thread()
		skynet.error("in generator: thread is the caller", inner == main_co, inner_main, coroutine.isyieldable())
		for i = from, to do
			coroutine.yield(i, skynet.call(square, "lua", i))
		end
		return "done"
	end)
	for _ = 1, 4 do skynet.error("generator", gen(2, 4)) end
	skynet.error("generator after end", pcall(gen))

	-- a coroutine blocked in skynet.wait: its status, a resume refused, then woken
	local token = {}
	local blocked = coroutine.create(function(a)
		local got = skynet.wait(token)
		return "woken", a, got
	end)
	local result
	skynet.fork(function() result = table.pack(coroutine.resume(blocked, "arg")) end)
	skynet.yield() -- the fork runs and blocks in wait
	skynet.error("status while waiting", coroutine.status(blocked))
	skynet.error("resume while waiting", coroutine.resume(blocked))
	skynet.wakeup(token)
	while result == nil do skynet.yield() end
	skynet.error("blocked one returned", table.unpack(result, 1, result.n))
	skynet.error("status after", coroutine.status(blocked))
	skynet.error("resume dead", coroutine.resume(blocked))

	local plain = _G.coroutine.create(function() return 1 end)
	skynet.error("resume a plain coroutine", coroutine.resume(plain))
	skynet.error("status of plain", coroutine.status(plain))

	-- nested: the outer resumes the inner, which sleeps and calls; both yield to their resumer
	local inner = coroutine.create(function()
		skynet.sleep(1)
		coroutine.yield("inner slept", skynet.call(square, "lua", 5))
		return "inner end"
	end)
	local outer = coroutine.create(function()
		local r = { coroutine.resume(inner) }
		coroutine.yield("outer saw", table.unpack(r))
		r = { coroutine.resume(inner) }
		return "outer end", table.unpack(r)
	end)
	skynet.error("outer 1", coroutine.resume(outer))
	skynet.error("outer 2", coroutine.resume(outer))
	skynet.error("outer 3", coroutine.resume(outer))

	-- errors through resume and wrap
	local raising = coroutine.create(function() skynet.call(square, "lua", 2) error("plain raise") end)
	skynet.error("resume raising", coroutine.resume(raising))
	local table_raise = coroutine.create(function() skynet.sleep(1) error({ code = 42 }) end)
	local ok, err = coroutine.resume(table_raise)
	skynet.error("resume table raise", ok, type(err), err.code)
	local remote = coroutine.wrap(function() return skynet.call(square, "lua", 13) end)
	skynet.error("wrap remote raise", pcall(remote))
	local wrapped = coroutine.wrap(function() error("wrapped raise") end)
	skynet.error("wrap raise", pcall(wrapped))
	local nested_err = coroutine.wrap(function() error(setmetatable({}, { __tostring = function() return "TS" end })) end)
	local ok2, e2 = pcall(nested_err)
	skynet.error("wrap table raise", ok2, tostring(e2))

	-- close a suspended one: its to-be-closed variable runs
	local closing = coroutine.create(function()
		local guard <close> = setmetatable({}, { __close = function() skynet.error("guard closed") end })
		coroutine.yield("holding")
		skynet.error("never here")
	end)
	skynet.error("closing 1", coroutine.resume(closing))
	skynet.error("close", coroutine.close(closing))
	skynet.error("status after close", coroutine.status(closing), coroutine.resume(closing))

	-- profile around a call made inside a coroutine of one's own
	profile.start()
	skynet.error("profile start twice", pcall(profile.start))
	local timed = coroutine.wrap(function() return skynet.call(square, "lua", 9) end)
	skynet.error("timed", timed())
	local t = profile.stop()
	skynet.error("profile type", math.type(t) or type(t), t >= 0)
	skynet.error("profile stop twice", pcall(profile.stop))
	skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
	skynet.abort()
end)
