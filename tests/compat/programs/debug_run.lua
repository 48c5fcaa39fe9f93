-- debug_run: the debug protocol's RUN (what the console's inject runs): print's output joined by lines, the
-- arguments, a chunk name given or not, a syntax error, a runtime error after some output, a sleep inside,
-- _P (the tables a protocol's dispatch function closes over) read and changed, _U, globals left behind.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"

local mode = ...
local log = skynet.error

if mode == "target" then
	local CMD = { greeting = "hello" }
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, cmd)
			skynet.retpack(CMD[cmd])
		end)
	end)
	return
end

local function run(what, ...)
	local fine, ok, out = pcall(skynet.call, TARGET, "debug", "RUN", ...)
	if not fine then
		log(what, "call failed:", ok)
		return
	end
	log(what, ok, (out:gsub("\n", " | ")))
end

skynet.start(function()
	TARGET = skynet.newservice("debug_run", "target")
	run("print", "print(1, nil, 'x', true) print() print(2.5)")
	run("print past a nil", "print(1, nil, 3, 4, 5, 6, 7, 8)")
	run("args", "print(select('#', ...), ...)", nil, "a", nil, 3)
	run("named", "print('named')", "my_chunk.lua", "arg")
	run("syntax", "print(", nil)
	run("syntax named", "x = = 1", "my_chunk.lua")
	run("runtime", "print('before') local t = nil; t.x = 1", "my_chunk.lua")
	run("error value", "print('before') error({})")
	run("sleep", "print('a') skynet = require 'skynet' skynet.sleep(2) print('b')")
	run("_P", "print(type(_P), type(_P.lua), _P.lua and _P.lua.CMD and _P.lua.CMD.greeting)")
	run("_P set", "_P.lua.CMD.greeting = 'patched' _P.lua.CMD.extra = 42")
	log("after _P", skynet.call(TARGET, "lua", "greeting"), skynet.call(TARGET, "lua", "extra"))
	run("_U", "print(type(_U), type(_U.proto))")
	run("global", "LEFT_BEHIND = 1 print(LEFT_BEHIND)")
	run("global again", "print(LEFT_BEHIND, rawget(_ENV, 'LEFT_BEHIND'))")
	run("return", "return 1, 2")
	skynet.sleep(20)
	skynet.abort()
end)
