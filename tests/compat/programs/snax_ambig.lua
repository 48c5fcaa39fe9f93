-- snax_ambig: snax.hotfix against a service with two locals of one name: every patch then fails "ambiguity local value",
-- one naming n, only the shared table, an accept method, only a hotfix function; a patch that is not a string.
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
	local s = snax.newservice("snax_ambig_svc")
	log("first", s.req.first(), "second", s.req.second())
	log("ambiguous", short(pcall(snax.hotfix, s, [[
local n
function response.first() return n end
]])))
	log("after", s.req.first(), s.req.second())
	log("shared", short(pcall(snax.hotfix, s, [[
local shared
function response.hits() return "hits " .. shared.hits end
]])))
	log("hits", s.req.hits())
	log("accept", short(pcall(snax.hotfix, s, [[
local skynet = require "skynet"
function accept.log(what) skynet.error("patched log", what) end
]])))
	s.post.log("x")
	skynet.sleep(2)
	log("not a string", short(pcall(snax.hotfix, s, 42)))
	log("only hotfix", short(pcall(snax.hotfix, s, [[function hotfix(...) return select("#", ...), ... end]], nil, "b")))
	skynet.sleep(20)
	skynet.abort()
end)
