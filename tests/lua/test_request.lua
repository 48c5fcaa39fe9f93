-- test_request: skynet.request sends several calls and select takes the answers as they arrive.
local skynet = require "skynet"
local t = require "testlib"

t.run("test_request", {
	{ "select yields each answer in arrival order", function()
		local s = skynet.newservice("echo_service")
		-- 30 ticks against 1: "fast" comes first even when a loaded machine
		-- delays the second request by several ticks (6 against 1 failed 1 in 30)
		local reqs = skynet.request { s, "lua", "sleep_then", 30, "slow" } { s, "lua", "sleep_then", 1, "fast" }
		reqs:add { s, "lua", "add", 20, 22 }
		local got = {}
		for req, resp in reqs:select() do
			got[#got + 1] = resp[1]
			t.eq(resp.n, 1, "packed answer")
			assert(req[1] == s, "the request table comes back")
		end
		t.eq(table.concat(got, ","), "42,fast,slow", "arrival order")
	end },
	{ "a failed call gives false; an invalid address gives the request alone", function()
		local s = skynet.newservice("echo_service")
		local reqs = skynet.request { s, "lua", "fail", "on purpose" } { 0x00ffff00, "lua", "echo" }
		local results = {}
		for req, resp in reqs:select() do
			results[#results + 1] = { req, resp }
		end
		t.eq(#results, 2, "two results")
		t.eq(results[1][1][1], 0x00ffff00, "invalid address first")
		t.eq(results[1][2], nil, "no answer for it")
		t.eq(results[2][2], false, "the failed call")
	end },
	{ "a timeout ends the loop; late answers are ignored", function()
		local s = skynet.newservice("echo_service")
		local reqs = skynet.request { s, "lua", "sleep_then", 1, "in time" } { s, "lua", "sleep_then", 50, "late" }
		local got = {}
		for _, resp in reqs:select(10) do
			got[#got + 1] = resp[1]
		end
		t.eq(table.concat(got, ","), "in time", "only the answer in time")
		t.eq(reqs.timeout, true, "timeout flag")
		skynet.sleep(50) -- the late answer arrives and is dropped quietly
		t.eq(skynet.call(s, "lua", "add", 1, 2), 3, "calls still work")
	end },
})
