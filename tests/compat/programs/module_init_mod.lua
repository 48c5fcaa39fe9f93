-- module_init_mod: a module for module_init: logs its load, registers skynet.init functions, and
-- may call a service while it loads (which needs skynet.require's yielding load).
-- Run by tests/compat (module_init.lua requires it).
local skynet = require "skynet"

local M = { loads = 0 }
skynet.error("module_init_mod: loading", coroutine.isyieldable())
skynet.init(function()
	M.ready = true
	skynet.error("module_init_mod: init 1")
end)
skynet.init(function()
	skynet.error("module_init_mod: init 2")
end)
if coroutine.isyieldable() then
	skynet.sleep(2) -- a load that waits: another task's require waits for it
	skynet.error("module_init_mod: slept while loading")
end
skynet.error("module_init_mod: loaded, ready", M.ready)
return M
