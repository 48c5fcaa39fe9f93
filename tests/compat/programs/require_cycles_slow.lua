-- require_cycles_slow: a module whose loading sleeps (require_cycles.lua).
local skynet = require "skynet"
_G.SLOW_LOADS = (_G.SLOW_LOADS or 0) + 1
skynet.sleep(2)
return { name = "slow" }
