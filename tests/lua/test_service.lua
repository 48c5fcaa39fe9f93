-- test_service: skynet.service makes one named service from a function; query and close find and end it.
local skynet = require "skynet"
local service = require "skynet.service"
local t = require "testlib"

local function counter(start)
	local skynet = require "skynet"
	local n = tonumber(start)
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, cmd)
			if cmd == "next" then n = n + 1 end
			skynet.retpack(n)
		end)
	end)
end

t.run("test_service", {
	{ "new starts the function as a service, once per name", function()
		local a = service.new("counter", counter, 10)
		t.eq(skynet.call(a, "lua", "next"), 11, "runs the function with its argument")
		local b = service.new("counter", counter, 99)
		t.eq(b, a, "the same service for the same name")
		t.eq(skynet.call(b, "lua", "next"), 12, "same state")
		t.eq(service.query("counter"), a, "query")
	end },
	{ "a function with upvalues is refused", function()
		local captured = 1
		t.raises(function() service.new("bad", function() return captured end) end, "upvalue", "upvalue")
	end },
	{ "close kills it; new makes a fresh one", function()
		local a = service.query("counter")
		t.eq(service.close("counter"), true, "closed")
		t.raises(function() skynet.call(a, "lua", "next") end, nil, "gone")
		local b = service.new("counter", counter, 0)
		assert(b ~= a, "a new service")
		t.eq(skynet.call(b, "lua", "next"), 1, "fresh state")
		t.eq(service.close("nothing"), false, "closing an unknown name")
	end },
})
