-- exit_monitor: skynet.monitor: a service that exits or is killed is reported to the monitor,
-- which answers those watching it; the monitor looked up again with `query`, and its address.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local core = require "skynet.core"

local mode = ...

if mode == "worker" then
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, cmd)
			if cmd == "quit" then
				skynet.error("worker quits")
				skynet.exit()
			end
			skynet.ret(skynet.pack("working"))
		end)
	end)
else
	skynet.start(function()
		skynet.error("monitor before", core.command("MONITOR"))
		local m = skynet.monitor "exit_monitor_svc"
		local again = skynet.monitor("exit_monitor_svc", true)
		skynet.error("monitor is the unique service", m == again,
			core.command("MONITOR") == string.format(":%x", m))
		local w1 = skynet.newservice(SERVICE_NAME, "worker")
		local w2 = skynet.newservice(SERVICE_NAME, "worker")
		local done = 0
		local me = coroutine.running()
		for i, w in ipairs { w1, w2 } do
			skynet.fork(function()
				skynet.error("watch", i, skynet.call(m, "lua", "WATCH", w))
				done = done + 1
				if done == 2 then skynet.wakeup(me) end
			end)
		end
		skynet.sleep(5)
		skynet.error("w1 says", skynet.call(w1, "lua", "work"))
		skynet.send(w1, "lua", "quit")
		skynet.sleep(5)
		skynet.kill(w2)
		skynet.wait(me)
		skynet.error("watch a gone one", skynet.call(m, "lua", "WATCH", w1))
		local w3 = skynet.newservice(SERVICE_NAME, "worker")
		skynet.send(w3, "lua", "quit")
		skynet.sleep(10)
		skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
		skynet.abort()
	end)
end
