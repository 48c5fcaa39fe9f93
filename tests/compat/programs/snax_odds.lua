-- snax_odds: snax's odd corners: an accept and a response of one name, snax.self/exit outside a snax service, snax.kill
-- of a dead object, a snax file that does not compile, snax.uniqueservice whose init raises (and again), a
-- queryservice waiting for it.
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
	local s = snax.newservice("snax_odds_svc")
	s.post.same(1)
	log("same name", s.req.same(2))
	log("self outside", short(pcall(snax.self)))
	snax.kill(s)
	skynet.sleep(2)
	log("kill a dead one", short(pcall(snax.kill, s)))
	log("does not compile", short(pcall(snax.newservice, "snax_odds_bad")))
	local done = false
	skynet.fork(function()
		log("query waiting", short(pcall(snax.queryservice, "snax_odds_svc")))
		done = true
	end)
	skynet.sleep(1)
	log("unique init raises", short(pcall(snax.uniqueservice, "snax_odds_svc", "raise")))
	log("unique again", short(pcall(snax.uniqueservice, "snax_odds_svc")))
	skynet.sleep(2)
	log("waiter answered", done)
	log("newservice init raises", short(pcall(snax.newservice, "snax_odds_svc", "raise")))
	log("exit outside", short(pcall(snax.exit)))
	skynet.sleep(20)
	skynet.abort()
end)
