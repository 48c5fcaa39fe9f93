-- stat_counts: skynet.stat("message") and mqlen counted by a service: after its start, after sends, calls,
-- a sleep's timer, responses to its own calls, sends to itself, a debug message; and getenv/setenv seen across services (one environment per node).
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local log = skynet.error

local mode = ...
if mode == "counter" then
	skynet.start(function()
		log("counter start: message", skynet.stat("message"), "mqlen", skynet.mqlen())
		skynet.dispatch("lua", function(session, source, cmd, other)
			if cmd == "stat" then
				skynet.retpack(skynet.stat("message"), skynet.mqlen())
			elseif cmd == "sleep" then
				skynet.sleep(1)
				skynet.retpack(skynet.stat("message"))
			elseif cmd == "callother" then
				skynet.call(other, "lua", "stat")
				skynet.retpack(skynet.stat("message"))
			elseif cmd == "self" then
				skynet.send(skynet.self(), "lua", "noop")
				skynet.send(skynet.self(), "lua", "noop")
				skynet.yield()
				skynet.retpack(skynet.stat("message"))
			elseif cmd == "env" then
				skynet.retpack(skynet.getenv("shared_key"), pcall(skynet.setenv, "shared_key", "again"))
			end
		end)
	end)
	return
end

skynet.start(function()
	local a = skynet.newservice(SERVICE_NAME, "counter")
	local b = skynet.newservice(SERVICE_NAME, "counter")
	log("fresh", skynet.call(a, "lua", "stat"))
	for i = 1, 5 do skynet.send(a, "lua", "noop", i) end
	log("after 5 sends", skynet.call(a, "lua", "stat"))
	log("after a sleep", skynet.call(a, "lua", "sleep"))
	log("after calling another", skynet.call(a, "lua", "callother", b))
	log("after sends to itself", skynet.call(a, "lua", "self"))
	skynet.call(a, "debug", "PING")
	log("after a debug ping", skynet.call(a, "lua", "stat"))
	skynet.setenv("shared_key", "from main")
	log("env seen by another", skynet.call(b, "lua", "env"))
	log("main's own", skynet.stat("message") > 0)
	skynet.sleep(10)
	skynet.abort()
end)
