-- require_cycles_false: a module that returns false (require_cycles.lua).
return false
