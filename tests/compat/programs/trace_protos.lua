-- trace_protos: skynet.traceproto forcing traces on and off for a protocol (each request traced without
-- skynet.trace; a traced caller's tag dropped), skynet.trace inside a forced-off request, tracetag,
-- traceproto of an unknown protocol, and skynet.term marking a callee as gone while a call waits.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"

local mode = ...
local log = skynet.error

if mode == "worker" then
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, cmd, arg)
			if cmd == "on" then
				skynet.traceproto("lua", true)
				skynet.retpack("on")
			elseif cmd == "off" then
				skynet.traceproto("lua", false)
				skynet.retpack("off")
			elseif cmd == "optional" then
				skynet.traceproto("lua", nil)
				skynet.retpack("optional")
			elseif cmd == "trace" then
				skynet.trace("inside")
				skynet.retpack(skynet.tracetag())
			elseif cmd == "hold" then
				skynet.sleep(arg)
				skynet.retpack("held")
			else
				skynet.retpack(cmd, skynet.tracetag() ~= nil, skynet.tracetag() == false)
			end
		end)
	end)
	return
end

skynet.start(function()
	local w = skynet.newservice(SERVICE_NAME, "worker")
	log("plain", skynet.call(w, "lua", "plain"))
	log(skynet.call(w, "lua", "on"))
	log("traced by flag", skynet.call(w, "lua", "plain"))
	log("trace when on", skynet.call(w, "lua", "trace"))
	log(skynet.call(w, "lua", "off"))
	log("not traced", skynet.call(w, "lua", "plain"))
	log("trace when off", skynet.call(w, "lua", "trace"))
	-- traced calls made three frames deep in a task of their own, so the
	-- trace lines name the program's frames only and no sleep is traced
	local main = coroutine.running()
	skynet.fork(function()
		skynet.trace("caller")
		local function level3(what, cmd) log(what, skynet.call(w, "lua", cmd)) end
		local function level2(what, cmd) level3(what, cmd) end
		local function level1(what, cmd) level2(what, cmd) end
		level1("caller traced, callee off", "plain")
		level1("set", "optional")
		level1("caller traced, callee optional", "plain")
		skynet.wakeup(main)
	end)
	skynet.wait(main)
	log("unknown proto", pcall(skynet.traceproto, "nosuch", true))
	skynet.traceproto("response", true)
	log("response proto flagged", skynet.call(w, "lua", "plain"))
	skynet.traceproto("response", nil)

	-- term: calls waiting on a service fail as if it had gone
	local w2 = skynet.newservice(SERVICE_NAME, "worker")
	skynet.fork(function()
		log("held call", pcall(skynet.call, w2, "lua", "hold", 30))
	end)
	skynet.fork(function()
		log("another held call", pcall(skynet.call, w2, "lua", "hold", 10))
	end)
	skynet.yield()
	skynet.term(w2)
	log("after term")
	skynet.sleep(50)
	log("w2 still answers", skynet.call(w2, "lua", "plain"))
	skynet.term(w2) -- nothing waits: nothing happens
	skynet.term(0x7fffff)
	log("term of nothing", "done")
	skynet.sleep(20)
	skynet.abort()
end)
