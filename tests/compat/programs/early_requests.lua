-- early_requests: messages that arrive before a service sets its dispatch (sends and calls to itself from the
-- start function, and another service's, while the start sleeps): skynet's "Unknown request" line for a send,
-- a failed call; a service killing itself inside a handler (what the caller and later callers get), and
-- killing itself by name from its start function.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local log = skynet.error

local mode, arg = ...
if mode == "slowstart" then
	skynet.start(function()
		skynet.send(skynet.self(), "lua", "early")
		log("self call before dispatch", pcall(skynet.call, skynet.self(), "lua", "hello"))
		skynet.sleep(tonumber(arg))
		skynet.dispatch("lua", function(session, source, cmd)
			log("dispatch got", cmd)
			if session ~= 0 then skynet.retpack("late " .. cmd) end
		end)
		log("dispatch set")
	end)
	return
elseif mode == "selfkill" then
	skynet.start(function()
		skynet.dispatch("lua", function(session, source, cmd)
			if cmd == "die" then
				log("killing myself")
				skynet.kill(skynet.self())
				log("after kill, still running")
				skynet.retpack("answer after kill")
				log("after retpack")
			else
				skynet.retpack("alive")
			end
		end)
	end)
	return
elseif mode == "namekill" then
	skynet.start(function()
		skynet.register ".victim"
		log("killing .victim")
		skynet.kill(".victim")
		log("after kill by name")
	end)
	return
end

skynet.start(function()
	local s = skynet.newservice(SERVICE_NAME, "slowstart", 0)
	log("newservice slowstart returned")
	log("call after start", pcall(skynet.call, s, "lua", "later"))
	local k = skynet.newservice(SERVICE_NAME, "selfkill")
	log("call die", pcall(skynet.call, k, "lua", "die"))
	skynet.sleep(2)
	log("call after self kill", pcall(skynet.call, k, "lua", "x"))
	log("newservice namekill", pcall(skynet.newservice, SERVICE_NAME, "namekill"))
	skynet.sleep(2)
	log("localname .victim", skynet.localname(".victim"))
	skynet.sleep(10)
	skynet.abort()
end)
