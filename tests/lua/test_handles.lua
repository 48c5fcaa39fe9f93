-- test_handles: a new service's address is the one skynet would give it (a 4-slot table that doubles; taken slots are skipped).
local skynet = require "skynet"
local t = require "testlib"

-- Launch and kill one service at a time, as skynet's test/testhandle.lua does.
local function launch_and_kill(n)
	local got = {}
	for i = 1, n do
		local addr = skynet.newservice("echo_service")
		skynet.kill(addr)
		got[i] = addr
	end
	return got
end

t.run("test_handles", {
	{ "the boot takes :1 to :8, the test service is :8", function()
		t.eq(skynet.self(), 8, "this service")
	end },
	{ "with :1..:8 alive, new addresses run on, skip the taken slots of a 16-slot table, then reuse", function()
		-- :1..:8 alive, table of 16: :9..:f, then :10 (slot 0), then :11..:18
		-- would land on slots 1..8 (taken), so :19 comes next, as on skynet.
		local want = { 9, 10, 11, 12, 13, 14, 15, 0x10, 0x19, 0x1a }
		local got = launch_and_kill(#want)
		for i, w in ipairs(want) do
			t.eq(got[i], w, string.format("service %d's address", i))
		end
	end },
})
