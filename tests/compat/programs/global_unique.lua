-- global_unique: uniqueservice(true, ...) and queryservice(true, ...) in a single node, skynet.service's new with its code cached, LIST of service_mgr, a service querying one that is starting.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local service = require "skynet.service"

local mode = ...
local log = skynet.error

if mode == "asker" then
	skynet.start(function()
		skynet.dispatch("lua", function()
			skynet.retpack(skynet.queryservice(true, "service_misc_slow") ~= nil)
		end)
	end)
	return
end

skynet.start(function()
	local asker = skynet.newservice(SERVICE_NAME, "asker")
	local found
	skynet.fork(function() found = skynet.call(asker, "lua") end)
	local g = skynet.uniqueservice(true, "service_misc_slow")
	log("global unique", math.type(g))
	-- logged from this task, after the answer: the fork's line raced the next one (both services' order)
	while found == nil do skynet.yield() end
	log("asker found the global one", found)
	log("global again same", skynet.uniqueservice(true, "service_misc_slow") == g)
	log("global query same", skynet.queryservice(true, "service_misc_slow") == g)
	log("local unique differs", skynet.uniqueservice("service_misc_slow") ~= g)
	skynet.sleep(2)
	local list = skynet.call(".service", "lua", "LIST")
	local names = {}
	for k, v in pairs(list) do names[#names + 1] = tostring(k) .. "=" .. type(v) end
	table.sort(names)
	log("service_mgr LIST", table.concat(names, " "))
	-- skynet.service: a service made of a function, started once
	local addr = service.new("adder", function(base)
		local skynet = require "skynet"
		skynet.start(function()
			skynet.dispatch("lua", function(_, _, n) skynet.retpack(n + base) end)
		end)
	end, 100)
	log("service.new", skynet.call(addr, "lua", 1))
	log("service.new again same", service.new("adder", function() end) == addr)
	log("service.query", service.query("adder") == addr)
	skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
	skynet.abort()
end)
