-- launcher_direct: the launcher's LAUNCH called by hand: arguments with spaces and numbers, a start that raises,
-- one that exits, the command in lower case. (LAUNCH of no module or a missing one is left out: skynet's C loader
-- prints "try open X failed : ..." outside the log, ours logs "launch X failed: no module named 'X'".)
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local mode = ...
local args = table.pack(...)

if mode == "raise" then
	skynet.start(function() error("start raised") end)
	return
elseif mode == "exit" then
	skynet.start(function() skynet.exit() end)
	return
elseif mode == "args" then
	skynet.start(function() skynet.error("args", args.n, table.unpack(args, 1, args.n)) end)
	return
end

local function short(ok, v, ...)
	if type(v) == "string" then
		v = v:match("^[^\n]*")
	end
	return ok, type(v) == "number" and "address" or v, ...
end

skynet.start(function()
	local log = skynet.error
	log("args", short(pcall(skynet.call, ".launcher", "lua", "LAUNCH", "snlua", "launcher_direct", "args", "a b", 3, 2.5)))
	log("raise", short(pcall(skynet.call, ".launcher", "lua", "LAUNCH", "snlua", "launcher_direct", "raise")))
	log("exit", short(pcall(skynet.call, ".launcher", "lua", "LAUNCH", "snlua", "launcher_direct", "exit")))
	log("lowercase", short(pcall(skynet.call, ".launcher", "lua", "launch", "snlua", "launcher_direct", "args")))
	skynet.sleep(20)
	skynet.abort()
end)
