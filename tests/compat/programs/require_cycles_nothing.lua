-- require_cycles_nothing: a module that returns nothing (require_cycles.lua).
local x = 1
