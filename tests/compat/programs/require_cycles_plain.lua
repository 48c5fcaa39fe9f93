-- require_cycles_plain: a plain module (require_cycles.lua).
_G.PLAIN_LOADS = (_G.PLAIN_LOADS or 0) + 1
return { name = "plain" }
