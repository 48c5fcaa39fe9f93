-- test_memlimit: skynet.memlimit caps a service's Lua memory; past it an allocation fails and the service lives on.
local skynet = require "skynet"
local t = require "testlib"

t.run("test_memlimit", {
	{ "growing past the limit fails the request, not the service", function()
		local s = skynet.newservice("memlimit_service")
		t.eq(skynet.call(s, "lua", "once"), true, "memlimit is gone after one call")
		t.eq(skynet.call(s, "lua", "grow", 100), 100, "100 KiB fits")
		t.raises(function() skynet.call(s, "lua", "grow", 10000) end, "memory", "10 MiB does not")
		t.eq(skynet.call(s, "lua", "drop"), true, "the service still answers")
		t.eq(skynet.call(s, "lua", "grow", 10), 10, "and can allocate again")
	end },
})
