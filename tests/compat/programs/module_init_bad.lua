-- module_init_bad: a module for module_init whose load raises.
-- Run by tests/compat (module_init.lua requires it).
local skynet = require "skynet"
skynet.init(function() skynet.error("module_init_bad: init never runs") end)
error("module_init_bad refuses to load")
