-- queue_handoff: a skynet.queue section whose task raises uncaught (in a fork and in a request handler)
-- while others wait for the section: when the next one runs (in the same message's turn, before the
-- error is logged, as skynet runs it) and the sessions each step takes (skynet.genid), against a section
-- whose error is caught.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local queue = require "skynet.queue"
local log = skynet.error

-- digits as letters, so the masks (which hide numbers of two digits or more) leave them
local function L(v) return (tostring(v):gsub("%d", function(d) return string.char(97 + tonumber(d)) end)) end

skynet.start(function()
	log("start", L(skynet.genid()))
	local cs = queue()
	local tok = {}
	skynet.fork(function() cs(function() skynet.wait(tok) error("fork's section fails") end) end)
	skynet.fork(function() log("behind the fork", pcall(cs, function() log("behind runs", L(skynet.genid())) end)) end)
	skynet.sleep(1)
	log("before wake", L(skynet.genid()))
	skynet.wakeup(tok)
	skynet.sleep(1)
	log("after", L(skynet.genid()))
	local hq = queue()
	skynet.dispatch("lua", function(_, _, what)
		if what == "raise" then
			hq(function()
				skynet.sleep(1)
				log("handler raises", L(skynet.genid()))
				error("handler's section fails")
			end)
		else
			hq(function() log("handler", what, L(skynet.genid())) end)
			skynet.retpack(what)
		end
	end)
	skynet.fork(function() log("raise call", pcall(skynet.call, skynet.self(), "lua", "raise")) end)
	skynet.fork(function() log("queued call", pcall(skynet.call, skynet.self(), "lua", "queued")) end)
	skynet.sleep(5)
	log("next", L(skynet.genid()))
	local cs2 = queue()
	skynet.fork(function() log("caught", pcall(cs2, function() skynet.sleep(1) error("x", 0) end)) end)
	skynet.fork(function() pcall(cs2, function() log("second in cs2", L(skynet.genid())) end) end)
	skynet.sleep(5)
	log("end", L(skynet.genid()))
	skynet.sleep(5)
	skynet.abort()
end)
