-- mf_runtime: a module of module_faults whose top level fails on a nil (a runtime error).
local config = nil
local M = { port = config.port }
return M
