-- unique_storm: ten tasks asking uniqueservice at once for a service whose start sleeps (all get the one address), for one whose start raises (all get the error, and a later ask too), queryservice waiting in three tasks for a service started afterwards, and newservice of the same name beside it.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"

local mode = ...
local log = skynet.error

if mode == "slow" then
	skynet.start(function()
		skynet.sleep(3)
		skynet.dispatch("lua", function() skynet.retpack("slow here") end)
	end)
	return
elseif mode == "bad" then
	skynet.start(function()
		skynet.sleep(1)
		error("bad start")
	end)
	return
elseif mode == "later" then
	skynet.start(function()
		skynet.dispatch("lua", function() skynet.retpack("later here") end)
	end)
	return
end

local storm = require "compat_storm"

skynet.start(function()
	local got = storm(10, function() return skynet.uniqueservice(SERVICE_NAME, "slow") end)
	local first, same = got[1], true
	for i = 2, 10 do if got[i] ~= first then same = false end end
	log("slow: ten asks, one address", same, first:match("^true") ~= nil)
	if not same then for i = 1, 10 do log("got", i, got[i]) end end
	log("slow answers", skynet.call(skynet.uniqueservice(SERVICE_NAME, "slow"), "lua"))
	got = storm(4, function() return skynet.uniqueservice(SERVICE_NAME, "bad") end)
	for i = 1, 4 do log("bad", i, got[i]) end
	log("bad later", pcall(skynet.uniqueservice, SERVICE_NAME, "bad"))
	local waiting = storm(3, function(i)
		if i == 3 then
			skynet.sleep(2)
			return skynet.uniqueservice(SERVICE_NAME, "later") == skynet.queryservice(SERVICE_NAME)
		end
		return skynet.call(skynet.queryservice(SERVICE_NAME), "lua")
	end)
	for i = 1, 3 do log("query", i, waiting[i]) end
	skynet.sleep(20)
	skynet.abort()
end)
