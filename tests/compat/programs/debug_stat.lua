-- debug_stat: the debug protocol called directly (MEM, GC, STAT, TASK, UNIQTASK, INFO, RUN, TERM, PING, LINK, SUPPORT, KILLTASK, EXIT, custom commands), skynet.stat, skynet.task forms, skynet.memory, datacenter wait/wakeup, skynet.harbor names.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local datacenter = require "skynet.datacenter"
local harbor = require "skynet.harbor"
local memory = require "skynet.memory"

local mode = ...
local log = skynet.error

if mode == "target" then
	skynet.start(function()
		skynet.info_func(function() return "target info" end)
		require "skynet.debug".reg_debugcmd("HELLO", function(a, b)
			skynet.retpack("hello " .. tostring(a) .. " " .. tostring(b))
		end)
		skynet.dispatch("lua", function(_, _, cmd, ...)
			if cmd == "park" then
				skynet.sleep(100000)
			elseif cmd == "wait_dc" then
				skynet.retpack(datacenter.wait("k1", "k2"))
			elseif cmd == "globals" then
				skynet.retpack(rawget(_G, "RUN_SET"))
			elseif cmd == "stat" then
				skynet.retpack(skynet.stat "task", skynet.stat "mqlen", skynet.stat "message" > 0, type(skynet.stat "cpu"))
			end
		end)
	end)
	return
end

local function keys(t)
	if type(t) ~= "table" then return type(t) .. ":" .. tostring(t) end
	local out = {}
	-- pointers masked before sorting: their order is the allocator's
	for k, v in pairs(t) do out[#out + 1] = tostring(k):gsub("thread: 0x%x+", "thread") .. "(" .. type(v) .. ")" end
	table.sort(out)
	return table.concat(out, " ")
end

skynet.start(function()
	local tg = skynet.newservice(SERVICE_NAME, "target")
	skynet.fork(function() pcall(skynet.call, tg, "lua", "park") end)
	skynet.fork(function() log("dc wait got", skynet.call(tg, "lua", "wait_dc")) end)
	skynet.sleep(2)
	log("MEM", math.type(skynet.call(tg, "debug", "MEM")))
	skynet.send(tg, "debug", "GC") -- GC answers nothing: a call would wait for ever
	log("STAT", keys(skynet.call(tg, "debug", "STAT")))
	local tasks = skynet.call(tg, "debug", "TASK")
	log("TASK", type(tasks), (function() local n = 0 for _ in pairs(tasks) do n = n + 1 end return n end)())
	log("UNIQTASK", type(skynet.call(tg, "debug", "UNIQTASK")))
	log("INFO", skynet.call(tg, "debug", "INFO"))
	log("PING", select("#", skynet.call(tg, "debug", "PING")))
	log("SUPPORT lua", skynet.call(tg, "debug", "SUPPORT", "lua"), "text", skynet.call(tg, "debug", "SUPPORT", "text"))
	log("custom", skynet.call(tg, "debug", "HELLO", 1, "two"))
	log("unknown", pcall(skynet.call, tg, "debug", "NOSUCH"))
	log("stat in target", skynet.call(tg, "lua", "stat"))
	log("my stat", skynet.stat "task", skynet.stat "mqlen", math.type(skynet.stat "message"))
	log("task count", skynet.task())
	local t = {}
	log("task table", skynet.task(t), keys(t):gsub("thread: 0x%x+", "thread"))
	log("memory", math.type(memory.total()), math.type(memory.block()))
	-- datacenter: set wakes the waiter
	datacenter.set("k1", "k2", "value")
	skynet.sleep(2)
	log("dc get", datacenter.get("k1", "k2"), datacenter.get("k1", "nope"), datacenter.get("none"))
	datacenter.set("k1", "k2", nil)
	log("dc after nil", datacenter.get("k1", "k2"), keys(datacenter.get("k1")))
	-- harbor
	skynet.register("GLOBALTG")
	log("harbor queryname", harbor.queryname("GLOBALTG") == skynet.self(), harbor.queryname(".launcher") ~= nil)
	log("harbor globalname", pcall(harbor.globalname, "OTHER", tg))
	log("query other", harbor.queryname("OTHER") == tg)
	log("call by global name", skynet.call("OTHER", "debug", "PING"))
	log("harbor of self", skynet.harbor(skynet.self()))
	log("harbor of remote", skynet.harbor(0x12000001))
	-- KILLTASK: stop the parked task
	local name
	for k in pairs(skynet.call(tg, "debug", "TASK")) do name = k end
	log("KILLTASK with the key", skynet.call(tg, "debug", "KILLTASK", name))
	local thread = name:match("^thread: 0x%x+")
	log("KILLTASK", skynet.call(tg, "debug", "KILLTASK", thread))
	log("KILLTASK again", skynet.call(tg, "debug", "KILLTASK", thread))
	skynet.sleep(1)
	log("tasks left", (function() local n = 0 for _ in pairs(skynet.call(tg, "debug", "TASK")) do n = n + 1 end return n end)())
	-- TERM answers nothing (skynet's term ignores the request): send it
	skynet.send(tg, "debug", "TERM", skynet.self())
	log("stat of unknown", skynet.stat "nosuch", math.type(skynet.stat "nosuch"))
	log("endless", skynet.stat "endless")
	-- EXIT
	skynet.send(tg, "debug", "EXIT")
	skynet.sleep(2)
	log("after EXIT", pcall(skynet.call, tg, "debug", "PING"))
	skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
	skynet.abort()
end)
