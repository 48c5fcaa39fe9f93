-- tb_mod: a module of traceback_names whose functions raise; frames named through a required module.
local M = {}
function M.fail(msg) error(msg) end
function M.deep(n) if n == 0 then return M.fail("deep fail") end return (M.deep(n - 1)) end
M.nested = { inner = function() error("nested field") end }
return M
