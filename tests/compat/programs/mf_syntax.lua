-- mf_syntax: a module of module_faults that does not compile (a missing `end`).
local M = {}
function M.f(x)
	if x then
		return 1
return M
