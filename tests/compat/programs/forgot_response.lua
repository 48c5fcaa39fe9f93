-- forgot_response: requests a handler leaves unanswered: skynet's `Maybe forgot response` line for a function handler and
-- for a protocol registered with its dispatch; a callable table as the handler (skynet's line then fails in
-- debug.getinfo, the task raises and the caller's call fails).
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local mode = ...
if mode == "callee" then
	skynet.start(function()
		skynet.dispatch("lua", setmetatable({}, { __call = function(self, session, source, cmd)
			skynet.error("callee got", cmd)
		end }))
	end)
	return
end
if mode == "callee2" then
	local function handler(session, source, cmd) skynet.error("callee2 got", cmd) end
	skynet.start(function()
		skynet.dispatch("lua", handler)
		skynet.register_protocol { name = "other", id = 170, pack = skynet.pack, unpack = skynet.unpack,
			dispatch = function(session, source, cmd) skynet.error("other got", cmd) end }
	end)
	return
end
skynet.start(function()
	local c = skynet.newservice(SERVICE_NAME, "callee")
	skynet.error("call table handler", pcall(skynet.call, c, "lua", "x"))
	skynet.error("call again", pcall(skynet.call, c, "lua", "y"))
	local c2 = skynet.newservice(SERVICE_NAME, "callee2")
	skynet.fork(function() skynet.error("call2", pcall(skynet.call, c2, "lua", "z")) end)
	skynet.register_protocol { name = "other", id = 170, pack = skynet.pack, unpack = skynet.unpack }
	skynet.fork(function() skynet.error("call other", pcall(skynet.call, c2, "other", "w")) end)
	skynet.sleep(10)
	skynet.abort()
end)
