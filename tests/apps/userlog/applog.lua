-- applog.lua: the app's own logger (logservice = "snlua"): numbers each line, says when SIGHUP asks to reopen.
local skynet = require "skynet"
require "skynet.manager"

local lines = 0
local hups = 0

skynet.register_protocol {
	name = "text",
	id = skynet.PTYPE_TEXT,
	unpack = skynet.tostring,
	dispatch = function(_, address, msg)
		lines = lines + 1
		print(string.format("[:%08x] #%d %s", address, lines, msg))
	end,
}

skynet.register_protocol {
	name = "SYSTEM",
	id = skynet.PTYPE_SYSTEM,
	unpack = function(...) return ... end,
	-- SIGHUP's "reopen your file": this logger writes to stdout, nothing to reopen
	dispatch = function()
		hups = hups + 1
		print(string.format("[:%08x] SIGHUP %d: nothing to reopen", skynet.self(), hups))
	end,
}

skynet.start(function()
	-- how many SIGHUPs came, for main (this service is ".logger")
	skynet.dispatch("lua", function()
		skynet.ret(skynet.pack(hups))
	end)
end)
