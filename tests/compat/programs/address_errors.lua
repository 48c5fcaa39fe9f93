-- address_errors: sends and calls to addresses that are not ones (nil, a table, 0, a float), uncaught,
-- so the tracebacks show where skynet raises them; and what skynet.core's commands return for nothing.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local core = require "skynet.core"

local mode = ...

if mode == "early" then
	skynet.call(0, "lua", "never") -- in the main chunk: a loader error
elseif mode == "server" then
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, cmd, arg)
			if cmd == "send" then
				skynet.send(arg, "lua", "x")
			elseif cmd == "call" then
				skynet.call(arg, "lua", "x")
			end
			skynet.ret(skynet.pack("unreached"))
		end)
	end)
else
	skynet.start(function()
		local s = skynet.newservice(SERVICE_NAME, "server")
		skynet.error("call with nil", pcall(skynet.call, s, "lua", "call", nil))
		skynet.error("send with a table", pcall(skynet.call, s, "lua", "send", {}))
		skynet.error("call with 1.5", pcall(skynet.call, s, "lua", "call", 1.5))
		skynet.fork(function()
			skynet.send(false, "lua", "x")
		end)
		skynet.sleep(1)
		skynet.timeout(1, function()
			skynet.call(0, "lua", "x")
		end)
		skynet.sleep(2)
		skynet.error("rawcall with nil", pcall(skynet.rawcall, nil, "lua", skynet.pack("x")))
		skynet.error("rawsend with nil", pcall(skynet.rawsend, nil, "lua", skynet.pack("x")))
		skynet.error("redirect with nil", pcall(skynet.redirect, nil, skynet.self(), "lua", 0, "x"))
		skynet.error("newservice early", pcall(skynet.newservice, SERVICE_NAME, "early"))
		skynet.error("command of nothing", core.command("QUERY", ".nosuchname"))
		skynet.error("command count", select("#", core.command("QUERY", ".nosuchname")))
		skynet.error("intcommand count", select("#", core.intcommand("MONITOR")))
		skynet.error("intcommand of a string", core.intcommand("STAT", "mqlen"))
		skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
		skynet.abort()
	end)
end
