-- test_monitor: a service stuck in one dispatch is noticed by the monitor thread.
local skynet = require "skynet"
local t = require "testlib"

t.run("test_monitor", {
	{ "a dispatch longer than two monitor intervals is marked endless", function()
		local s = skynet.newservice("echo_service")
		t.eq(skynet.call(s, "lua", "endless"), 0, "not endless before")
		-- monitor_interval is 1000 ms in tests/lua/config.lua: spin 2.5 intervals.
		skynet.call(s, "lua", "spin", 2500)
		t.eq(skynet.call(s, "lua", "endless"), 1, "endless after a long dispatch")
		t.eq(skynet.call(s, "lua", "endless"), 0, "asking clears it, as in skynet")
	end },
})
