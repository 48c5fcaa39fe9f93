-- queue_raises: skynet.queue sections that fail as a bank service's transfers do: error objects that are
-- tables, nil, numbers and level-0 strings raised inside a section (what pcall outside it gets back), a
-- pcall inside the section, a nested section raising into the outer, a section raising after a wait woken
-- by another task, results with nil holes, and the tasks queued behind each failure (they still run, in
-- order).
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local queue = require "skynet.queue"
local log = skynet.error

local function show(...)
	local r = table.pack(...)
	for i = 1, r.n do
		local v = r[i]
		if type(v) == "table" then
			local mt = getmetatable(v)
			v = mt and mt.__tostring and tostring(v) or ("table code=" .. tostring(v.code))
		end
		r[i] = tostring(v)
	end
	return r.n .. ": " .. table.concat(r, " | ", 1, r.n)
end

skynet.start(function()
	local cs = queue()
	local order = {}
	local function section(name, f, ...)
		return cs(function(...)
			order[#order + 1] = name .. "+"
			skynet.sleep(1)
			local r = table.pack(f(...))
			order[#order + 1] = name .. "-"
			return table.unpack(r, 1, r.n)
		end, ...)
	end
	log("table", show(pcall(section, "t", function() error({ code = 3 }) end)))
	log("tostring table", show(pcall(section, "s", function()
		error(setmetatable({}, { __tostring = function() return "custom error" end }))
	end)))
	log("nil", show(pcall(section, "n", function() error() end)))
	log("number", show(pcall(section, "num", function() error(42) end)))
	log("level0", show(pcall(section, "l0", function() error("plain", 0) end)))
	log("level2", show(pcall(section, "l2", function() error("where", 2) end)))
	log("holes", show(pcall(section, "h", function() return nil, 2, nil end)))
	log("args", show(pcall(section, "a", function(...) return select("#", ...), ... end, nil, "x", nil)))
	log("inner pcall", show(pcall(section, "p", function() return pcall(error, "caught inside") end)))
	log("nested", show(pcall(section, "outer", function()
		local ok, err = pcall(section, "inner", function() error("inner failed") end)
		return "outer saw", ok, err
	end)))
	log("nested uncaught", show(pcall(section, "outer2", function()
		return section("inner2", function() error({ code = 9 }) end)
	end)))
	-- a section waiting for a wakeup, then raising; two tasks queued behind it
	local token = {}
	local done = 0
	skynet.fork(function()
		log("waiter", show(pcall(section, "w", function()
			skynet.wait(token)
			error("after wait")
		end)))
		done = done + 1
	end)
	for i = 1, 2 do
		skynet.fork(function()
			log("behind", i, show(pcall(section, "b" .. i, function() return i * 10 end)))
			done = done + 1
		end)
	end
	skynet.sleep(5)
	log("woken", skynet.wakeup(token))
	while done < 3 do skynet.sleep(1) end
	log("order", table.concat(order, " "))
	-- the queue still works afterwards, and is re-entrant
	log("after", show(section("last", function() return section("last inner", function() return "ok" end) end)))
	skynet.sleep(10)
	skynet.abort()
end)
