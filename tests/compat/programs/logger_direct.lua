-- logger_direct: messages sent straight to the logger by its local name ".logger": text (empty, with a newline),
-- a lua message (ignored), redirected text from source 0 and from another address.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
skynet.register_protocol { name = "text", id = skynet.PTYPE_TEXT, pack = function(...) return table.concat({...}, " ") end, unpack = skynet.tostring }
skynet.start(function()
	skynet.error("logger addr type", type(skynet.localname(".logger")))
	skynet.send(".logger", "text", "direct text to logger")
	skynet.send(".logger", "text", "")
	skynet.send(".logger", "lua", "lua to logger")
	skynet.send(".logger", "text", "with\nnewline")
	skynet.redirect(".logger", 0, "text", 0, "from source 0")
	skynet.redirect(".logger", 0x12345, "text", 0, "from source 12345")
	
	skynet.error("after")
	skynet.sleep(10)
	skynet.abort()
end)
