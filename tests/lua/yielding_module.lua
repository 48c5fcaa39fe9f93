-- yielding_module: a module whose top level waits (skynet.sleep), as modules that call services do.
local skynet = require "skynet"
LOADS = (LOADS or 0) + 1
skynet.sleep(2)
return { loads = LOADS }
