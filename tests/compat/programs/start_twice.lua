-- start_twice: a service calling skynet.start twice (the second start's init step fails as skynet's: its
-- init list is gone, `attempt to index a nil value` in a for iterator, and the service exits); what its
-- creator's newservice returns and a call afterwards.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local log = skynet.error

local mode = ...
if mode == "twice" then
	skynet.start(function()
		log("first start")
		skynet.dispatch("lua", function() skynet.retpack("answered") end)
	end)
	skynet.start(function()
		log("second start (should not)")
	end)
	return
end

skynet.start(function()
	local ok, addr = pcall(skynet.newservice, SERVICE_NAME, "twice")
	log("newservice", ok, type(addr))
	skynet.sleep(5)
	log("call after", pcall(skynet.call, addr, "lua"))
	skynet.sleep(10)
	skynet.abort()
end)
