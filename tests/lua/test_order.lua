-- test_order: sends from one source arrive in the order they were sent.
local skynet = require "skynet"
local t = require "testlib"

t.run("test_order", {
	{ "10000 sends keep their order", function()
		local s = skynet.newservice("echo_service")
		for i = 1, 10000 do
			skynet.send(s, "lua", "record", i)
		end
		local seen = skynet.call(s, "lua", "seen_list")
		t.eq(#seen, 10000, "count")
		for i = 1, 10000 do
			if seen[i] ~= i then error("message " .. i .. " arrived as " .. tostring(seen[i])) end
		end
	end },
})
