-- require_cycles_badinit: a module whose skynet.init raises (require_cycles.lua).
local skynet = require "skynet"
skynet.init(function()
	error("init refused", 0)
end)
return { name = "badinit" }
