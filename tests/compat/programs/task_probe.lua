-- task_probe: skynet.task in each of its forms (nothing, "init", a session, a thread, a table, odd values),
-- trace_timeout on and off, uniqtask's heads, skynet.context in and out of requests, hpc's type.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"

local mode = ...
local log = skynet.error

if mode == "worker" then
	skynet.start(function()
		skynet.dispatch("lua", function(session, source, cmd)
			local s, a = skynet.context()
			log("context in request", cmd, s == session, a == source, s ~= 0)
			if cmd == "hold" then
				skynet.sleep(30)
			end
			skynet.retpack(cmd)
		end)
	end)
	return
end

local function first_line(s)
	if type(s) ~= "string" then
		return s
	end
	return (s:match("^[^\n]*"))
end

local function parked()
	skynet.sleep(1000)
end

skynet.start(function()
	log("task init in start", first_line(skynet.task("init")))
	log("context in start", skynet.context())
	log("tasks at first", skynet.task())
	local a = skynet.fork(parked)
	local b = skynet.fork(parked)
	local c = skynet.fork(function() skynet.wait() end)
	skynet.yield()
	log("tasks with three", skynet.task())
	local sa = skynet.task(a)
	log("session of a fork", math.type(sa), sa ~= skynet.task(b))
	log("session of a task that waits", skynet.task(c))
	log("session of the running task", skynet.task(coroutine.running()))
	log("traceback by session", first_line(skynet.task(sa)))
	log("unknown session", skynet.task(987654))
	log("a string", skynet.task("nothing"))
	log("a boolean", skynet.task(true))
	skynet.trace_timeout(true)
	skynet.timeout(500, function() end)
	skynet.trace_timeout(false)
	skynet.timeout(600, function() end)
	local t = {}
	log("task of a table returns", skynet.task(t))
	local lines = {}
	for k, v in pairs(t) do
		lines[#lines + 1] = (k:gsub("thread: 0x%x+", "THREAD"):gsub("%d+", "N")) .. " | " .. first_line(v):gsub("%d+", "N")
	end
	table.sort(lines)
	for _, l in ipairs(lines) do
		log("task", l)
	end
	local heads = {}
	for head, stack in pairs(skynet.uniqtask()) do
		heads[#heads + 1] = head:gsub("%[.*%]", function(s) return "[" .. select(2, s:gsub(",", ",")) + 1 .. " sessions]" end)
	end
	table.sort(heads)
	for _, h in ipairs(heads) do
		log("uniqtask", h)
	end
	skynet.wakeup(c)
	skynet.yield()
	log("tasks after a wakeup", skynet.task())
	log("hpc", math.type(skynet.hpc()), skynet.hpc() <= skynet.hpc())
	log("task init after start", skynet.task("init"))

	local w = skynet.newservice(SERVICE_NAME, "worker")
	skynet.fork(function() log("hold answered", skynet.call(w, "lua", "hold")) end)
	log("quick answered", skynet.call(w, "lua", "quick"))
	skynet.send(w, "lua", "sent")
	skynet.sleep(40)
	skynet.abort()
end)
