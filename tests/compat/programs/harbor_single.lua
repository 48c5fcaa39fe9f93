-- harbor_single: skynet.harbor's functions on a single node (harbor = 0, served by cdummy): globalname with
-- and without a handle, queryname of a global name, of a .local name and of a name registered later,
-- link (answered at once), connect (logged, never answered), linkmaster (not a command there), and
-- skynet.harbor of this node's and another harbor's addresses; sends to a global name by name.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local harbor = require "skynet.harbor"
local mode = ...

if mode == "named" then
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, what)
			skynet.error("named got", what)
			skynet.ret(skynet.pack("named answers " .. tostring(what)))
		end)
	end)
	return
end

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	skynet.error(what, table.unpack(r, 1, r.n))
end

skynet.start(function()
	local named = skynet.newservice(SERVICE_NAME, "named")
	harbor.globalname("WORKER", named)
	try("queryname global", function() return harbor.queryname("WORKER") == named end)
	skynet.register(".localname")
	try("queryname local", function() return harbor.queryname(".localname") == skynet.self() end)
	try("queryname unknown local", harbor.queryname, ".nobody")
	harbor.globalname("SELF")
	try("queryname self", function() return harbor.queryname("SELF") == skynet.self() end)
	local later
	local main = coroutine.running()
	skynet.fork(function()
		later = harbor.queryname("LATER")
		skynet.error("later resolved", later == named)
		skynet.wakeup(main)
	end)
	skynet.yield()
	skynet.error("later still waiting", later == nil)
	harbor.globalname("LATER", named)
	skynet.wait(main) -- the waiting query is answered by cdummy, which races the calls below
	skynet.error("call by global name", skynet.call("WORKER", "lua", "hi"))
	skynet.send("LATER", "lua", "by send")
	try("link", harbor.link, 1)
	skynet.fork(function()
		harbor.connect(2)
		skynet.error("connect returned")
	end)
	try("linkmaster", harbor.linkmaster)
	try("skynet.harbor self", skynet.harbor, skynet.self())
	try("skynet.harbor other", skynet.harbor, 0x05000010)
	try("globalname twice", function()
		harbor.globalname("WORKER", skynet.self())
		return harbor.queryname("WORKER") == named
	end)
	skynet.sleep(20)
	skynet.abort()
end)
