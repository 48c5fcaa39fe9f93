-- global_names: global names (cdummy, one node): five tasks waiting in harbor.queryname for a name registered later, a call to it by name, the same global name registered by a second service, skynet.name of a global name to another address, localname and queryname of local and global names.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local harbor = require "skynet.harbor"

local mode, name = ...
local log = skynet.error

if mode == "named" then
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, cmd)
			if cmd == "register" then
				skynet.register(name)
				skynet.retpack("registered " .. name)
			else
				skynet.retpack("named " .. name .. " " .. tostring(cmd))
			end
		end)
	end)
	return
end

skynet.start(function()
	local a = skynet.newservice(SERVICE_NAME, "named", "GNAME")
	local b = skynet.newservice(SERVICE_NAME, "named", "GNAME")
	local left, done, got = 5, {}, {}
	for i = 1, 5 do
		skynet.fork(function()
			got[i] = harbor.queryname("GNAME") == a
			left = left - 1
			if left == 0 then skynet.wakeup(done) end
		end)
	end
	skynet.yield()
	log("a registers", skynet.call(a, "lua", "register"))
	if left > 0 then skynet.wait(done) end
	log("waiters found a", table.concat((function() local t = {} for i = 1, 5 do t[i] = tostring(got[i]) end return t end)(), " "))
	log("call by global name", skynet.call("GNAME", "lua", "hi"))
	log("b registers the same", pcall(skynet.call, b, "lua", "register"))
	log("now the name is", harbor.queryname("GNAME") == a and "a" or harbor.queryname("GNAME") == b and "b" or "?")
	log("call by global name again", skynet.call("GNAME", "lua", "again"))
	skynet.name("OTHER", b)
	log("OTHER is b", harbor.queryname("OTHER") == b)
	log("localname of a global name", skynet.localname("GNAME"))
	skynet.name(".local_b", b)
	log("localname of a local name", skynet.localname(".local_b") == b)
	log("call by local name", skynet.call(".local_b", "lua", "loc"))
	skynet.sleep(20)
	skynet.abort()
end)
