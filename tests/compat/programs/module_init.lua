-- module_init: skynet.require's two steps (skynet.init functions run after the module, before the
-- start function for the main chunk's), a module loading in two tasks at once, a module that raises,
-- skynet.init outside a module, skynet.pcall.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"

local mode = ...
local log = skynet.error

skynet.init(function() log("main chunk init") end)

if mode == "worker" then
	skynet.start(function()
		log("worker start")
		local done, me = 0, coroutine.running()
		for i = 1, 2 do
			skynet.fork(function()
				local m = require "module_init_mod"
				log("task", i, "got the module, ready", m.ready)
				done = done + 1
				if done == 2 then skynet.wakeup(me) end
			end)
		end
		skynet.wait(me)
		log("bad module", pcall(require, "module_init_bad"))
		log("bad module again", pcall(require, "module_init_bad"))
		log("init in a task", pcall(skynet.init, function() log("never") end))
	end)
else
	local m = require "module_init_mod"
	log("main chunk required it, ready", m.ready)
	skynet.start(function()
		log("start, ready", m.ready)
		log("pcall", skynet.pcall(function(a, b) return a + b, "two" end, 1, 2))
		log("pcall raising", skynet.pcall(function() error({ code = 7 }) end))
		log("pcall raising text", skynet.pcall(error, "plain", 0))
		skynet.newservice(SERVICE_NAME, "worker")
		log("worker started")
		skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
		skynet.abort()
	end)
end
