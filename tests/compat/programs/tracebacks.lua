-- tracebacks: debug.traceback() and error tracebacks as a program logs them from each kind of task: the main
-- chunk, skynet.init, the start function, a request handler, a send handler, a fork, a timeout, a task woken
-- from sleep, after a call, inside skynet.coroutine and plain coroutines, inside pcall/xpcall, and a
-- handler's uncaught error; only the program's frames and C frames are compared (the masks drop skynet's).
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local scoroutine = require "skynet.coroutine"
local log = skynet.error

local function tb(where)
	log(where .. ": " .. debug.traceback("tb", 1))
end

local mode = ...
if mode == "peer" then
	skynet.start(function()
		skynet.dispatch("lua", function(session, source, cmd)
			if cmd == "call" then
				tb("request handler")
				skynet.retpack(1)
			elseif cmd == "send" then
				tb("send handler")
			elseif cmd == "raise" then
				local function deep() error("handler raise") end
				deep()
			elseif cmd == "later" then
				local resp = skynet.response()
				skynet.timeout(1, function()
					tb("response from timeout")
					resp(true, 2)
				end)
			end
		end)
	end)
	return
end

tb("main chunk")
skynet.init(function() tb("init") end)

skynet.start(function()
	tb("start")
	local peer = skynet.newservice(SERVICE_NAME, "peer")
	skynet.call(peer, "lua", "call")
	skynet.send(peer, "lua", "send")
	pcall(skynet.call, peer, "lua", "raise")
	skynet.call(peer, "lua", "later")
	skynet.fork(function() tb("fork") end)
	skynet.fork(function(a) tb("fork with arg " .. a) end, "x")
	skynet.timeout(1, function() tb("timeout") end)
	skynet.sleep(5)
	tb("after sleep")
	skynet.call(peer, "lua", "call")
	tb("after call")
	pcall(function() tb("in pcall") end)
	xpcall(function() tb("in xpcall") end, print)
	log("xpcall handler", xpcall(function() error("x") end, function(e) return debug.traceback(e, 1) end))
	local co = scoroutine.create(function() tb("skynet.coroutine") skynet.sleep(1) tb("skynet.coroutine after sleep") end)
	scoroutine.resume(co)
	skynet.sleep(3)
	local plain = coroutine.create(function() tb("plain coroutine") end)
	coroutine.resume(plain)
	log("wrap", pcall(coroutine.wrap(function() local function inner() error("wrapped") end inner() end)))
	skynet.sleep(10)
	skynet.abort()
end)
