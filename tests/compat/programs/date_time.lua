-- date_time: os.date and os.time as services use them for daily resets and log stamps: fixed times
-- formatted with each conversion, "*t"/"!*t" tables, os.time of normalised and odd tables (fields out
-- of range, floats, strings, missing), bad formats, os.difftime, and the next day's reset computed from
-- skynet.time().
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local log = skynet.error

-- digits as letters, so the masks (which hide numbers of two digits or more) leave them
local function L(v) return (tostring(v):gsub("%d", function(d) return string.char(97 + tonumber(d)) end)) end

local function show(name, f, ...)
	local r = table.pack(pcall(f, ...))
	local out = {}
	for i = 1, r.n do
		local v = r[i]
		if type(v) == "table" then
			local ks = {}
			for k, x in pairs(v) do ks[#ks + 1] = k .. "=" .. L(x) end
			table.sort(ks)
			v = "{" .. table.concat(ks, " ") .. "}"
		else
			v = L(v)
		end
		out[#out + 1] = v
	end
	log(name, table.concat(out, " | "))
end

skynet.start(function()
	local t = 1700000000 -- a Tuesday in November 2023
	for _, spec in ipairs { "%Y-%m-%d %H:%M:%S", "%a %A %b %B", "%c", "%x %X", "%D %e %F", "%g %G %V %u %w",
		"%j %U %W", "%y %C %I %p", "%R %T %r", "%h %n%t%%", "%z %Z", "%Ec %EY %Od" } do
		show("!" .. spec, os.date, "!" .. spec, t)
	end
	show("!*t", os.date, "!*t", t)
	show("*t keys", function() local r = os.date("*t", t) local n = 0 for _ in pairs(r) do n = n + 1 end return n, type(r.isdst) end)
	show("epoch", os.date, "!%Y-%m-%d %H:%M:%S", 0)
	show("before epoch", os.date, "!%Y-%m-%d", -86400)
	show("float time", os.date, "!%S", 1.5)
	show("integral float", os.date, "!%S", 61.0)
	show("string time", os.date, "!%H", "7200")
	show("bad conversion", os.date, "!%Q", t)
	show("trailing percent", os.date, "!abc%", t)
	show("E wrong", os.date, "!%Ez", t)
	show("huge time", os.date, "!%Y", 2^60)
	show("no format", function() return type(os.date()) end)
	-- os.time reads the table in local time: only differences are logged (the zone may differ)
	local base = os.time { year = 2024, month = 1, day = 1, hour = 12 }
	show("full table", function()
		return os.time { year = 2024, month = 1, day = 2, hour = 13, min = 1, sec = 1 } - base
	end)
	show("normalised", function()
		return os.time { year = 2024, month = 13, day = 32, hour = 12 } - base
	end)
	show("negative fields", function() return os.time { year = 2024, month = 1, day = 0, hour = -1 } - base end)
	show("no hour", function() return os.time { year = 2024, month = 1, day = 1 } - base end)
	show("missing day", os.time, { year = 2024, month = 1 })
	show("float day", os.time, { year = 2024, month = 1, day = 1.5 })
	show("string month", function() return os.time { year = 2024, month = "2", day = 1, hour = 12 } - base end)
	show("bad string", os.time, { year = 2024, month = "feb", day = 1 })
	show("year too big", os.time, { year = 1e20, month = 1, day = 1 })
	show("year as float", function() return os.time { year = 2024.0, month = 1, day = 1, hour = 12 } - base end)
	show("not a table", os.time, 5)
	show("difftime", os.difftime, 10, 4)
	show("difftime one", os.difftime, 10)
	show("difftime floats", os.difftime, 2.5, 1)
	show("difftime bad", os.difftime, "x", 1)
	show("clock", function() return math.type(os.clock()), os.clock() >= 0 end)
	-- the next daily reset (05:00 UTC) from skynet.time(), as a game's daily task computes it
	local now = math.floor(skynet.time())
	local d = os.date("!*t", now)
	local reset = now - (d.hour * 3600 + d.min * 60 + d.sec) + 5 * 3600
	if reset <= now then reset = reset + 86400 end
	log("next reset", reset > now, reset - now <= 86400, os.date("!%H:%M:%S", reset) == "05:00:00")
	log("same day", os.date("!%Y%m%d", now) == os.date("!%Y%m%d", os.time()) or "midnight")
	skynet.sleep(10)
	skynet.abort()
end)
