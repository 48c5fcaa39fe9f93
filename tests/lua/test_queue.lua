-- test_queue: skynet.queue runs critical sections one at a time, in order, re-entrantly, and survives errors.
local skynet = require "skynet"
local queue = require "skynet.queue"
local t = require "testlib"

t.run("test_queue", {
	{ "sections that wait inside run one at a time, in arrival order", function()
		local cs = queue()
		local log = {}
		local done = 0
		local me = coroutine.running()
		for i = 1, 3 do
			skynet.fork(function()
				cs(function()
					log[#log + 1] = "enter" .. i
					skynet.sleep(2)
					log[#log + 1] = "leave" .. i
				end)
				done = done + 1
				if done == 3 then skynet.wakeup(me) end
			end)
		end
		skynet.wait(me)
		t.eq(table.concat(log, ","), "enter1,leave1,enter2,leave2,enter3,leave3", "serialized")
	end },
	{ "a task inside may enter again; results come back", function()
		local cs = queue()
		local a, b = cs(function(x)
			return cs(function() return x + 1, "inner" end)
		end, 41)
		t.eq(a, 42, "result")
		t.eq(b, "inner", "second result")
	end },
	{ "an error leaves the section free for the next task", function()
		local cs = queue()
		t.raises(function() cs(function() error("inside the section") end) end, "inside the section", "raises")
		t.eq(cs(function() return "free" end), "free", "section free after the error")
	end },
})
