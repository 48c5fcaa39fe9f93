-- snax_raw: snaxd's dispatch reached by hand with the "snax" protocol: an unknown id, init twice, a call to an accept method, a send to a response method,
-- debug INFO of a snax service (its profile), snax.enablecluster and calls by the "lua" protocol.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local snax = require "skynet.snax"
local log = skynet.error

local function short(ok, v, ...)
	if type(v) == "string" then
		v = v:match("^[^\n]*")
	end
	return ok, v, ...
end

skynet.start(function()
	local t = snax.interface("snax_raw_svc")
	log("ids", t.system.init, t.system.exit, t.system.hotfix, t.system.profile, t.accept.hit, t.response.show)
	local h = snax.rawnewservice("snax_raw_svc")
	log("init twice", short(pcall(skynet.call, h, "snax", t.system.init)))
	log("unknown id", short(pcall(skynet.call, h, "snax", 99)))
	log("profile", type(skynet.call(h, "snax", t.system.profile)))
	skynet.send(h, "snax", t.response.show)
	skynet.sleep(2)
	skynet.fork(function()
		log("call to accept", short(pcall(skynet.call, h, "snax", t.accept.hit, 5)))
	end)
	skynet.sleep(5)
	log("show", skynet.call(h, "snax", t.response.show))
	local info = skynet.call(h, "debug", "INFO")
	local names = {}
	for k, v in pairs(info) do names[#names + 1] = k .. "=" .. v.count end
	table.sort(names)
	log("INFO", table.concat(names, " "))
	skynet.call(h, "snax", t.response.cluster)
	log("by lua", short(pcall(skynet.call, h, "lua", t.response.show)))
	log("by lua accept", short(pcall(skynet.send, h, "lua", t.accept.hit, 1)))
	skynet.sleep(2)
	log("by lua show", short(pcall(skynet.call, h, "lua", t.response.show)))
	log("exit", short(pcall(skynet.call, h, "snax", t.system.exit, "bye")))
	-- a service whose init never ran: requests and exit refused
	local h2 = skynet.newservice("snaxd", "snax_raw_svc")
	log("show before init", short(pcall(skynet.call, h2, "snax", t.response.show)))
	log("exit before init", short(pcall(skynet.call, h2, "snax", t.system.exit)))
	log("init late", short(pcall(skynet.call, h2, "snax", t.system.init, "late", nil, 3)))
	log("show after init", short(pcall(skynet.call, h2, "snax", t.response.show)))
	skynet.sleep(20)
	skynet.abort()
end)
