-- test_trace: skynet.trace's tag follows a request into the services it calls; traceproto; trace_timeout.
local skynet = require "skynet"
local t = require "testlib"

t.run("test_trace", {
	{ "a traced task's tag reaches the callee's task", function()
		local s = skynet.newservice("echo_service")
		t.eq(skynet.tracetag(), nil, "no tag before trace")
		t.eq(skynet.call(s, "lua", "tracetag"), nil, "an untraced call carries none")
		skynet.trace("test")
		local tag = skynet.tracetag()
		assert(tag and tag:match("^:%x%x%x%x%x%x%x%x%-%d+$"), "tag " .. tostring(tag))
		t.eq(skynet.call(s, "lua", "tracetag"), tag, "the callee runs under the same tag")
	end },
	{ "traceproto true traces every request; false never", function()
		local s = skynet.newservice("echo_service")
		skynet.call(s, "lua", "traceproto", true)
		local tag = skynet.call(s, "lua", "tracetag")
		assert(tag and tag:match("^:%x+%-%d+$"), "traced by its protocol: " .. tostring(tag))
		skynet.call(s, "lua", "traceproto", false)
		t.eq(skynet.call(s, "lua", "tracetag"), false, "forced off")
	end },
	{ "trace_timeout shows where a pending timeout was set", function()
		skynet.trace_timeout(true)
		skynet.timeout(100000, function() end)
		local tasks = {}
		skynet.task(tasks)
		skynet.trace_timeout(false)
		local found
		for _, stack in pairs(tasks) do
			if stack:find("TIMER %d+%+100000 : ") and stack:find("test_trace.lua", 1, true) then
				found = true
			end
		end
		assert(found, "a TIMER traceback among the tasks")
	end },
})
