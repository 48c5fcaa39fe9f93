-- require_cycles: modules as services use them: a cycle of requires from a task (skynet.require's "circular dependency"), a module returning false or nothing, one that raises then loads on a retry, one whose skynet.init raises, require's second result, package.loaded edits, a module required from a fork and the main task at once.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local log = skynet.error

-- the main chunk's require is Lua's: a module and where it was found
local m, where = require "require_cycles_plain"
log("main chunk require", m.name, type(where), where and where:match("[^/]+$"))
log("again", require "require_cycles_plain" == m)

skynet.start(function()
	-- a module that returns false: stored as it is
	log("false module", require "require_cycles_false")
	log("false module again", require "require_cycles_false", package.loaded.require_cycles_false)
	-- a module that returns nothing
	log("nothing module", require "require_cycles_nothing")
	-- a cycle: a requires b requires a, from a task
	local ok, err = pcall(require, "require_cycles_a")
	log("cycle", ok, (tostring(err):gsub("\n.*", "")))
	log("cycle left", package.loaded.require_cycles_a, package.loaded.require_cycles_b)
	-- a module that raises the first time only
	_G.FLAKY_TRIES = 0
	ok, err = pcall(require, "require_cycles_flaky")
	log("flaky first", ok, (tostring(err):gsub("\n.*", "")))
	ok, err = pcall(require, "require_cycles_flaky")
	log("flaky second", ok, type(err) == "table" and err.tries)
	-- a module whose skynet.init raises
	ok, err = pcall(require, "require_cycles_badinit")
	log("bad init", ok, (tostring(err):gsub("\n.*", "")))
	log("bad init loaded", package.loaded.require_cycles_badinit)
	-- package.loaded edited by hand
	package.loaded.require_cycles_fake = { fake = true }
	log("fake", require("require_cycles_fake").fake)
	package.loaded.require_cycles_plain = nil
	local m2 = require "require_cycles_plain"
	log("reloaded", m2 ~= m, m2.name, _G.PLAIN_LOADS)
	-- a slow module wanted by two tasks at once, and a missing one
	local forked
	skynet.fork(function()
		forked = require("require_cycles_slow")
	end)
	local mine = require("require_cycles_slow")
	skynet.sleep(5)
	log("slow", mine.name, forked == mine, _G.SLOW_LOADS)
	ok, err = pcall(require, "require_cycles_missing")
	log("missing", ok, (tostring(err):match("^[^\n]*")))
	skynet.sleep(20)
	skynet.abort()
end)
