-- snax_hotfix: snax.newservice/uniqueservice/queryservice/bind, req and post, a raising response, hotfix of a method keeping state, snax.kill and exit.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
local snax = require "skynet.snax"
require "skynet.manager"

local log = skynet.error

skynet.start(function()
	local obj = snax.newservice("snax_counter", "first")
	log("type", type(obj), type(obj.handle), obj.type)
	log("add", obj.req.add(5))
	obj.post.bump(2)
	log("get", obj.req.get())
	log("whoami", obj.req.whoami())
	log("fail", pcall(obj.req.fail))
	skynet.sleep(1)
	log("unknown method", pcall(function() return obj.req.nosuch() end))
	log("unknown post", pcall(function() return obj.post.nosuch() end))
	-- hotfix: replace version(), keep count (an upvalue named as in the service)
	local r = snax.hotfix(obj, [[
local count
function response.version()
	return "v2 with count " .. count
end
function hotfix(...)
	return "hotfix ran", ...
end
]], "arg1")
	log("hotfix returned", r)
	log("version after hotfix", obj.req.version())
	log("count kept", obj.req.get())
	log("bad hotfix", pcall(snax.hotfix, obj, "this is not lua"))
	-- bind by handle
	local again = snax.bind(obj.handle, "snax_counter")
	log("bound get", again.req.get())
	-- unique
	local u1 = snax.uniqueservice("snax_counter", "unique")
	local u2 = snax.queryservice("snax_counter")
	log("unique same", u1.handle == u2.handle)
	u1.post.bump()
	log("unique get", u2.req.get())
	-- kill with exit arguments
	snax.kill(obj, "bye", 1)
	skynet.sleep(2)
	log("after kill", pcall(obj.req.get))
	log("newservice missing", pcall(snax.newservice, "no_such_snax"))
	skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
	skynet.abort()
end)
