-- exit_places: skynet.exit called from each kind of place: the main chunk (before skynet.start), a skynet.init
-- function, the start function after a sleep, a fork, a timeout, a send handler, a request handler with
-- another request waiting, a skynet.coroutine; what the creator's newservice gets, what a caller gets, the
-- KILL lines, and a call to the service afterwards.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local log = skynet.error

local mode = ...
if mode == "chunk" then
	log("chunk: before exit")
	skynet.exit()
	log("chunk: after exit (should not)")
	return
elseif mode == "init" then
	skynet.init(function()
		log("init: exiting")
		skynet.exit()
		log("init: after exit (should not)")
	end)
	skynet.start(function() log("init: start (should not)") end)
	return
elseif mode == "start" then
	skynet.start(function()
		skynet.sleep(1)
		log("start: exiting")
		skynet.exit()
	end)
	return
elseif mode == "fork" or mode == "timeout" or mode == "coroutine" then
	skynet.start(function()
		skynet.dispatch("lua", function(session, source, cmd)
			if cmd == "go" then
				if mode == "fork" then
					skynet.fork(function() log("fork: exiting") skynet.exit() end)
				elseif mode == "timeout" then
					skynet.timeout(1, function() log("timeout: exiting") skynet.exit() end)
				else
					local co = require("skynet.coroutine").create(function()
						log("coroutine: exiting")
						skynet.exit()
						log("coroutine: after exit (should not)")
					end)
					log("coroutine resume", require("skynet.coroutine").resume(co))
				end
				skynet.retpack("went")
			else
				skynet.retpack("still here")
			end
		end)
	end)
	return
elseif mode == "handler" then
	skynet.start(function()
		skynet.dispatch("lua", function(session, source, cmd)
			if cmd == "slow" then
				skynet.sleep(5)
				skynet.retpack("slow done (should not)")
			elseif cmd == "exit" then
				log("handler: exiting")
				skynet.exit()
			elseif cmd == "sendexit" then
				log("send handler: exiting")
				skynet.exit()
			end
		end)
	end)
	return
end

local function try(what, f, ...)
	log(what, pcall(f, ...))
end

skynet.start(function()
	try("newservice chunk", skynet.newservice, SERVICE_NAME, "chunk")
	try("newservice init", skynet.newservice, SERVICE_NAME, "init")
	local s = skynet.newservice(SERVICE_NAME, "start")
	log("newservice start", s ~= nil)
	skynet.sleep(5)
	try("call after start exit", skynet.call, s, "lua", "x")
	for _, m in ipairs { "fork", "timeout", "coroutine" } do
		local svc = skynet.newservice(SERVICE_NAME, m)
		try("go " .. m, skynet.call, svc, "lua", "go")
		skynet.sleep(5)
		try("after " .. m, skynet.call, svc, "lua", "again")
	end
	local h = skynet.newservice(SERVICE_NAME, "handler")
	skynet.fork(function() try("slow caller", skynet.call, h, "lua", "slow") end)
	skynet.sleep(1)
	try("exit caller", skynet.call, h, "lua", "exit")
	skynet.sleep(5)
	local h2 = skynet.newservice(SERVICE_NAME, "handler")
	skynet.send(h2, "lua", "sendexit")
	skynet.sleep(5)
	try("after send exit", skynet.call, h2, "lua", "slow")
	skynet.sleep(10)
	skynet.abort()
end)
