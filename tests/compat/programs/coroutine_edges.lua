-- coroutine_edges: skynet.coroutine at its edges: status of a coroutine that is new, running, normal (it
-- resumed another), suspended by a user yield, blocked in skynet.sleep and dead; resume of a plain Lua
-- coroutine, of a dead one, of itself, of one blocked in the framework; running/isyieldable in a task
-- and inside a coroutine; thread() of coroutines that never ran; yield in a task (not inside a skynet
-- coroutine), and a plain coroutine.yield in a task; wrap after its end and with errors of each type; close of a suspended, a dead and a
-- blocked coroutine; create of a non-function.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local sco = require "skynet.coroutine"

-- Coroutines and functions are logged by kind only (their addresses differ).
local function show(v)
	local t = type(v)
	if t == "thread" or t == "function" or t == "table" then return "<" .. t .. ">" end
	return tostring(v)
end

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	for i = 1, r.n do r[i] = show(r[i]) end
	skynet.error(what, table.unpack(r, 1, r.n))
end

skynet.start(function()
	local main = coroutine.running()
	skynet.error("task running", show(sco.running()), select(2, sco.running()), "yieldable", sco.isyieldable())

	local co
	co = sco.create(function(a)
		skynet.error("inside: status of self", sco.status(co), "yieldable", sco.isyieldable(),
			"running is self", sco.running() == co)
		skynet.error("inside: status of the task", sco.status(main))
		local b = sco.yield(a + 1)
		skynet.sleep(1)
		return b * 2
	end)
	skynet.error("new", sco.status(co))
	try("thread of a new one", function()
		local t, ismain = sco.thread(co)
		return t == main, t == nil, ismain
	end)
	try("first resume", sco.resume, co, 10)
	skynet.error("after a user yield", sco.status(co))
	try("second resume (sleeps inside)", sco.resume, co, 21)
	skynet.error("dead", sco.status(co))
	try("resume dead", sco.resume, co)
	try("resume dead again", sco.resume, co, 1, 2)

	local plain = coroutine.create(function() return 1 end)
	try("resume a plain coroutine", sco.resume, plain)
	skynet.error("plain status", sco.status(plain))
	try("thread of a plain coroutine", function()
		local t, ismain = sco.thread(plain)
		return t == plain, ismain
	end)

	-- One coroutine resumes another, which looks back at the first.
	local outer
	local inner = sco.create(function()
		skynet.error("inner sees outer", sco.status(outer))
		try("inner resumes outer", sco.resume, outer)
		return "inner done"
	end)
	outer = sco.create(function()
		return sco.resume(inner)
	end)
	try("outer", sco.resume, outer)

	local selfish
	selfish = sco.create(function() return sco.resume(selfish) end)
	try("resume self", sco.resume, selfish)

	-- A coroutine blocked in skynet.sleep, seen from another task.
	local sleeper = sco.create(function()
		skynet.sleep(5)
		return "woke"
	end)
	skynet.fork(function()
		skynet.sleep(1)
		skynet.error("blocked", sco.status(sleeper))
		try("resume blocked", sco.resume, sleeper)
		try("close blocked", sco.close, sleeper)
		skynet.error("after close", sco.status(sleeper))
	end)
	try("resume sleeper", sco.resume, sleeper)

	-- yield in a task, outside any skynet coroutine: the framework gets "USER".
	skynet.fork(function()
		try("yield in a task", sco.yield, "x")
		skynet.error("after the yield in a task")
	end)
	-- a plain coroutine.yield in a task: the task is left suspended, nothing said.
	skynet.fork(function()
		skynet.error("before a plain yield in a task")
		coroutine.yield()
		skynet.error("never here")
	end)
	skynet.sleep(2)

	local w = sco.wrap(function(x)
		sco.yield(x)
		return "end"
	end)
	try("wrap first", w, 1)
	try("wrap second", w)
	try("wrap after end", w)
	try("wrap error string", sco.wrap(function() error("boom") end))
	try("wrap error level 0", sco.wrap(function() error("bare", 0) end))
	try("wrap error table", function()
		local ok, e = pcall(sco.wrap(function() error({ code = 7 }) end))
		return ok, type(e), e.code
	end)
	try("wrap error nil", sco.wrap(function() error() end))
	try("wrap error number", sco.wrap(function() error(42) end))

	local suspended = sco.create(function()
		sco.yield()
	end)
	sco.resume(suspended)
	try("close suspended", sco.close, suspended)
	skynet.error("closed status", sco.status(suspended))
	try("close dead", sco.close, suspended)
	try("close with a close variable", function()
		local c = sco.create(function()
			local v <close> = setmetatable({}, { __close = function() skynet.error("close variable ran") end })
			sco.yield()
		end)
		sco.resume(c)
		return sco.close(c)
	end)
	try("close raising", function()
		local c = sco.create(function()
			local v <close> = setmetatable({}, { __close = function() error("in close") end })
			sco.yield()
		end)
		sco.resume(c)
		return sco.close(c)
	end)
	try("create a number", sco.create, 5)
	try("status of a number", sco.status, 5)
	try("wrap a number", function() return sco.wrap(5)() end)
	skynet.sleep(10)
	skynet.abort()
end)
