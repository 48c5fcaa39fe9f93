-- smgr_names: the names service_mgr keeps: uniqueservice("snaxd", name) and snax.uniqueservice/queryservice of the
-- same name (one instance), snaxd without a name, a local uniqueservice of "@name" meeting the global one of name,
-- LIST's keys; queryservice of "snaxd" with a name nobody started, answered once snax starts it.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local snax = require "skynet.snax"
local log = skynet.error
local mode = ...

if mode == "plain" then
	skynet.start(function()
		skynet.dispatch("lua", function() skynet.retpack(SERVICE_NAME) end)
	end)
	return
end

local function short(ok, v, ...)
	if type(v) == "string" then
		v = v:match("^[^\n]*")
	end
	return ok, v, ...
end

skynet.start(function()
	local waited
	skynet.fork(function()
		waited = skynet.queryservice("snaxd", "snax_raw_svc")
	end)
	skynet.sleep(1)
	local h = skynet.uniqueservice("snaxd", "snax_raw_svc")
	local obj = snax.uniqueservice("snax_raw_svc")
	local q = snax.queryservice("snax_raw_svc")
	skynet.sleep(1)
	log("snaxd by hand", h == obj.handle, q.handle == h, waited == h, obj.req.show())
	log("snaxd without a name", short(pcall(skynet.uniqueservice, "snaxd")))
	log("query snaxd without a name", short(pcall(skynet.queryservice, "snaxd")))
	local at = skynet.uniqueservice("@smgr_names", "plain")
	local g = skynet.uniqueservice(true, "smgr_names", "plain")
	log("@name meets the global one", at == g, skynet.call(g, "lua"))
	local plain = skynet.uniqueservice("smgr_names", "plain")
	log("the local one is another", plain ~= g)
	local list = skynet.call(".service", "lua", "LIST")
	local keys = {}
	for k, v in pairs(list) do
		keys[#keys + 1] = k .. (v:match("^:%x+$") and "=addr" or "=" .. v:match("^[^\n]*"))
	end
	table.sort(keys)
	log("LIST", table.concat(keys, " "))
	skynet.sleep(20)
	skynet.abort()
end)
