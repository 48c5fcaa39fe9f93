-- require_cycles_a: half of a require cycle (require_cycles.lua).
local b = require "require_cycles_b"
return { name = "a", b = b }
