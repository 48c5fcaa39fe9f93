-- require_cycles_b: half of a require cycle (require_cycles.lua).
local a = require "require_cycles_a"
return { name = "b", a = a }
