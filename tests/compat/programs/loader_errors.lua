-- loader_errors: a main chunk raising a table, nothing, a __tostring table, a number, a string at level 0 and
-- 2; a start function raising a table, a __tostring table, a float, nil; an init function raising a table:
-- skynet's `lua loader error : (no error message)` and `init service failed: ...` for each.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local mode = ...
if mode == "tbl" then error({ code = 1 }) end
if mode == "nilerr" then error() end
if mode == "ts" then error(setmetatable({}, { __tostring = function() return "TS obj" end })) end
if mode == "num" then error(42) end
if mode == "lvl0" then error("level zero", 0) end
if mode == "lvl2" then error("level two", 2) end
if mode == "inittbl" then skynet.init(function() error({}) end) skynet.start(function() end) return end
if mode == "startts" then skynet.start(function() error(setmetatable({}, { __tostring = function() return "TS start" end })) end) return end
if mode == "startnum" then skynet.start(function() error(7.5) end) return end
if mode == "startnil" then skynet.start(function() error(nil) end) return end
if mode then return end
skynet.start(function()
	for _, m in ipairs { "tbl", "nilerr", "ts", "num", "lvl0", "lvl2", "inittbl", "startts", "startnum", "startnil" } do
		skynet.error(m, pcall(skynet.newservice, SERVICE_NAME, m))
	end
	skynet.sleep(10)
	skynet.abort()
end)
