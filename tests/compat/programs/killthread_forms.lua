-- killthread_forms: skynet.killthread of a fork not yet run (it never runs), of a timeout's coroutine (what
-- skynet.timeout returns), of a task in skynet.wait, in a call, sleeping, by a name with pattern characters,
-- of the running task, of a dead and an unknown coroutine, of nil and a number; what each returns; a wakeup
-- of a killed waiter; skynet.task of each.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local log = skynet.error

local function kind(v)
	if type(v) == "thread" then return "thread" end
	return tostring(v)
end

local function kill(what, t)
	local r = table.pack(pcall(skynet.killthread, t))
	local out = {}
	for i = 1, r.n do out[i] = kind(r[i]) end
	log(what, r.n, table.concat(out, " "))
end

local mode = ...
if mode == "slow" then
	skynet.start(function()
		skynet.dispatch("lua", function(session, source, ti)
			skynet.sleep(ti)
			skynet.retpack("slow done", ti)
		end)
	end)
	return
end

skynet.start(function()
	local slow = skynet.newservice(SERVICE_NAME, "slow")
	-- a fork killed before it runs
	local f = skynet.fork(function() log("fork ran (should not)") end)
	local f2 = skynet.fork(function(a, b) log("fork2 ran", a, b) end, 1, 2)
	log("task of fork", skynet.task(f))
	kill("kill fork", f)
	kill("kill fork again", f)
	-- a timeout's coroutine
	local t = skynet.timeout(5, function() log("timeout ran (should not)") end)
	log("timeout returns", kind(t), skynet.task(t) ~= nil)
	kill("kill timeout", t)
	log("task of killed timeout", skynet.task(t))
	-- a waiter
	local waiter = skynet.fork(function()
		local ok, err = pcall(skynet.wait, "tok")
		log("waiter back (should not)", ok, err)
	end)
	skynet.yield()
	log("task of waiter", math.type(skynet.task(waiter)))
	kill("kill waiter", waiter)
	log("wakeup killed waiter", skynet.wakeup("tok"))
	-- a caller
	local caller = skynet.fork(function()
		log("caller back (should not)", skynet.call(slow, "lua", 3))
	end)
	skynet.yield()
	kill("kill caller", caller)
	-- a sleeper, by its name
	local sleeper = skynet.fork(function()
		skynet.sleep(200)
		log("sleeper back (should not)")
	end)
	skynet.yield()
	local name = tostring(sleeper)
	kill("kill by name prefix", string.sub(name, 1, 12) .. "nothing")
	kill("kill by pattern bracket", "thread: 0x[")
	kill("kill by name", name)
	-- the running task, dead and unknown ones, odd arguments
	kill("kill running", coroutine.running())
	local dead = coroutine.create(function() end)
	coroutine.resume(dead)
	kill("kill dead", dead)
	kill("kill unknown", coroutine.create(print))
	kill("kill nil", nil)
	kill("kill number", 3)
	kill("kill table", {})
	log("tasks left", skynet.task())
	skynet.sleep(10)
	log("after", skynet.task())
	skynet.sleep(10)
	skynet.abort()
end)
