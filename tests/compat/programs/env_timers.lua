-- env_timers: getenv/setenv, time functions, errors raised in a timeout and a fork, killing a sleeping service, skynet.stat/mqlen/task.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"

local mode = ...
local log = skynet.error

if mode == "sleeper" then
	skynet.start(function()
		skynet.fork(function()
			skynet.sleep(1000)
			log("sleeper woke (should not)")
		end)
		skynet.dispatch("lua", function() skynet.ret(skynet.pack("awake")) end)
	end)
	return
end

skynet.start(function()
	log("getenv thread", skynet.getenv "thread", "harbor", skynet.getenv "harbor", "none", skynet.getenv "no_such_key")
	skynet.setenv("my_key", "my value")
	log("setenv then getenv", skynet.getenv "my_key")
	log("setenv twice", pcall(skynet.setenv, "my_key", "again"))
	log("now is an integer", math.type(skynet.now()), "time is a float", math.type(skynet.time()))
	log("starttime is an integer", math.type(skynet.starttime()))
	log("time within a tick", math.abs(skynet.time() - os.time()) < 2)
	local t0 = skynet.now()
	skynet.sleep(3)
	log("slept 3 ticks or a little more", skynet.now() - t0 >= 3)
	log("sleep 0", skynet.sleep(0))
	log("yield", skynet.yield())
	skynet.timeout(1, function() error("timeout raises") end)
	skynet.sleep(3)
	skynet.fork(function() error({ "a table error" }) end)
	skynet.sleep(3)
	skynet.fork(function() error() end)
	skynet.sleep(3)
	log("self and harbor", skynet.self() == skynet.localname(".me_not_set") , skynet.harbor(skynet.self()))
	log("mqlen", skynet.mqlen())
	log("task count", skynet.task())
	log("stat message", math.type(skynet.stat "message"), "endless", skynet.stat "endless")
	local sleeper = skynet.newservice(SERVICE_NAME, "sleeper")
	log("sleeper says", skynet.call(sleeper, "lua"))
	skynet.kill(sleeper)
	skynet.sleep(5)
	log("killed one", pcall(skynet.call, sleeper, "lua"))
	skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
	skynet.abort()
end)
