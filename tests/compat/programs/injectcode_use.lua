-- injectcode_use: skynet.injectcode (what remote debugging runs code with): source run inside a function's
-- frame, reading and writing its locals, upvalues and varargs, in the running coroutine and in a suspended
-- one; extra names; the results; a false local; errors of the code, of its syntax, and a level past the stack.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local injectcode = require "skynet.injectcode"

local up = "up"
local counter = 10

local function show(...)
	local r = table.pack(...)
	for i = 1, r.n do r[i] = tostring(r[i]) end
	return table.concat(r, " ", 1, r.n)
end

local function here(...)
	local a, b, flag, none = 1, "x", false, nil
	local t = { n = 1 }
	skynet.error("locals and varargs", show(injectcode("a = a + 1; b = b .. up; t.n = t.n + 1; return a, b, flag, none, ...")))
	skynet.error("after", a, b, t.n, flag, none)
	skynet.error("upvalue write", show(injectcode("counter = counter + 5; up = up .. '!'; return counter")))
	skynet.error("after", counter, up)
	skynet.error("set false local", show(injectcode("flag = true; none = 'set'; return flag, none")))
	skynet.error("after", flag, none)
	skynet.error("extra names", show(injectcode("return hello(a), a", nil, 0, { hello = function(x) return "hello " .. x end })))
	skynet.error("extra shadowing a local", show(injectcode("return a", nil, 0, { a = "ext" })))
	skynet.error("runtime error", show(injectcode("local z = nil\nreturn z.y")))
	skynet.error("error call", show(injectcode("error('boom')")))
	skynet.error("error table", show(injectcode("error({})") ~= nil))
	skynet.error("syntax error", show(injectcode("return +")))
	skynet.error("nothing", show(injectcode("")))
	skynet.error("select #", show(injectcode("return select('#', ...)")))
	return a
end

local function outer()
	local depth = "outer"
	local function inner()
		local depth2 = "inner"
		skynet.error("level 1 sees outer", show(injectcode("return depth, depth2", nil, 1)))
		skynet.error("level 0 sees inner", show(injectcode("return depth2", nil, 0)))
		return depth2
	end
	inner()
	return depth
end

skynet.start(function()
	here(7, "v")
	outer()
	-- a suspended coroutine: level 1 is the function that yielded
	local co = coroutine.create(function(p)
		local x = p * 2
		local y = "why"
		coroutine.yield()
		skynet.error("coroutine after inject", x, y)
	end)
	coroutine.resume(co, 21)
	skynet.error("into coroutine", show(injectcode("x = x + 1; return x, y", co, 1)))
	skynet.error("coroutine level 0", show(pcall(injectcode, "return 1", co, 0)))
	skynet.error("coroutine level 5", show(pcall(injectcode, "return 1", co, 5)))
	coroutine.resume(co)
	skynet.error("dead coroutine", show(pcall(injectcode, "return 1", co, 1)))
	skynet.error("running level 50", show(pcall(injectcode, "return 1", nil, 50)))
	skynet.error("not a string", show(pcall(injectcode, 42)))
	skynet.sleep(10)
	skynet.abort()
end)
