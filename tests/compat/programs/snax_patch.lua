-- snax_patch: snax.hotfix patches touching a local function, an accept handler and two upvalues; bad patches
-- (an unknown upvalue, a top-level error, a raising hotfix function, a runtime error); uniqueservice with other
-- arguments; queryservice waiting for a uniqueservice; errors of a table and of nil through req; snax.exit in a post.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local snax = require "skynet.snax"
local log = skynet.error

skynet.start(function()
	local waited
	skynet.fork(function()
		local q = snax.queryservice("snax_patch_svc")
		waited = q.handle
		log("query waited", q.req.show())
	end)
	skynet.sleep(1)
	local s = snax.uniqueservice("snax_patch_svc", "first", nil, 3)
	skynet.sleep(1)
	log("query is unique", waited == s.handle)
	local s2 = snax.uniqueservice("snax_patch_svc", "other")
	log("unique again", s2.handle == s.handle)
	s.post.hit(2)
	log("show", s.req.show())
	log("hotfix local", pcall(snax.hotfix, s, [[
local label
local hits
local describe
function response.show()
	return "patched " .. describe()
end
function accept.hit(n)
	hits = hits + 10 * (n or 1)
	label = "v2"
end
]]))
	s.post.hit(1)
	log("show patched", s.req.show())
	log("hotfix unknown upvalue", pcall(snax.hotfix, s, [[
local nosuch
function response.show() return nosuch end
]]))
	log("show after", s.req.show())
	log("hotfix top error", pcall(snax.hotfix, s, [[error("top level")]]))
	log("hotfix raising", pcall(snax.hotfix, s, [[
function hotfix() error("hotfix raised") end
]]))
	log("hotfix runtime", pcall(snax.hotfix, s, [[
local x = nil + 1
]]))
	log("hotfix new method", pcall(snax.hotfix, s, [[
function response.fresh() return "fresh" end
]]))
	log("fresh", pcall(function() return s.req.fresh() end))
	log("show end", s.req.show())
	log("raise table", pcall(s.req.raise_table))
	log("raise nil", pcall(s.req.raise_nil))
	s.post.leave()
	skynet.sleep(5)
	log("after leave", pcall(s.req.show))
	skynet.sleep(20)
	skynet.abort()
end)
