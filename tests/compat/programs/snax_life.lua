-- snax_life: snax services' lives: init with arguments, sleeping and raising; exit raising; a response returning nothing or nil holes; a raising post; snax.exit from inside a request; req after exit; hotfix returning values, adding a method, seeing upvalues; bind of a wrong type.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local snax = require "skynet.snax"
local log = skynet.error

skynet.start(function()
	local a = snax.newservice("snax_life_svc", "plain", 1, nil, "three")
	log("put", a.req.put("k", { 1, 2 }))
	log("get", a.req.get("k")[2])
	log("nothing", select("#", a.req.nothing()))
	log("many", select("#", a.req.many()), a.req.many())
	a.post.put("p", "posted")
	log("posted", a.req.get("p"))
	a.post.raise("accept raises")
	log("after a raising post", a.req.get("p"))
	log("unknown method", pcall(function() return a.req.nosuch() end))
	-- hotfix: values back, a new method, the service's upvalues
	log("hotfix", snax.hotfix(a, [[
local items
local mode
function hotfix(...)
	items.hot = true
	return "patched", mode, ...
end
function response.get(k)
	return "hot:" .. tostring(items[k])
end
]], "arg1", 2))
	log("hot get", a.req.get("hot"))
	-- a sleeping init, raising init
	local s = snax.newservice("snax_life_svc", "sleepy")
	log("sleepy ready", s.req.get("x"))
	log("raising init", pcall(snax.newservice, "snax_life_svc", "raise"))
	-- exit from inside a request, a request afterwards
	local q = snax.newservice("snax_life_svc", "quitter")
	log("quit", pcall(q.req.quit))
	log("req after exit", pcall(q.req.get, "x"))
	-- an exit that raises
	local b = snax.newservice("snax_life_svc", "bad exit")
	log("kill a bad exit", pcall(snax.kill, b, "now"))
	-- a post still sleeping when killed
	local c = snax.newservice("snax_life_svc", "killed busy")
	c.post.slow(5)
	log("kill busy", pcall(snax.kill, c))
	snax.kill(a, "done")
	snax.kill(s)
	skynet.sleep(20)
	skynet.abort()
end)
