-- test_datasheet: skynet.datasheet.builder publishes sheets, skynet.datasheet
-- reads them as plain tables filled lazily, and readers (here and in another
-- service) see every update in the tables they hold. With the argument
-- "reader", this file is that other service.
local skynet = require "skynet"

local mode = ...

if mode == "reader" then
	local datasheet = require "skynet.datasheet"
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, cmd, name)
			local t = datasheet.query(name)
			if cmd == "read" then
				skynet.retpack(t.a, t.b, t.c and t.c[1])
			end
		end)
	end)
	return
end

local builder = require "skynet.datasheet.builder"
local datasheet = require "skynet.datasheet"
local t = require "testlib"

-- A reader's monitor applies an update when the datasheet service's answer
-- reaches it, which may be a few messages after builder.update returns: wait
-- for it, first by yields (a message round trip each), then a tick at a time,
-- for at most two seconds: 200 yields alone ran out under ASan in CI while
-- the other worker had not yet run the datasheet service.
local function eventually(read, want, what)
	local got
	for i = 1, 250 do
		got = read()
		if got == want then return end
		if i <= 50 then skynet.yield() else skynet.sleep(1) end
	end
	error(string.format("%s: got %s, want %s", what, tostring(got), tostring(want)), 2)
end

local function keys(tbl)
	local list = {}
	for k in pairs(tbl) do list[#list + 1] = tostring(k) end
	table.sort(list)
	return table.concat(list, ",")
end

t.run("test_datasheet", {
	{ "a sheet reads as a plain table, filled on first read", function()
		builder.new("foobar", { a = 1, b = 2, c = { 3, 4 }, s = "text", f = 0.5, yes = true })
		local sheet = datasheet.query "foobar"
		t.eq(type(sheet), "table", "a real table")
		t.eq(getmetatable(sheet) ~= nil, true, "lazy before the first read")
		t.eq(sheet.a, 1, "a")
		t.eq(getmetatable(sheet), nil, "a plain table after it")
		t.eq(rawget(sheet, "b"), 2, "the level was copied in")
		t.eq(#sheet.c, 2, "#c"); t.eq(sheet.c[2], 4, "c[2]")
		t.eq(sheet.s, "text", "string"); t.eq(sheet.f, 0.5, "float"); t.eq(sheet.yes, true, "boolean")
		t.eq(keys(sheet), "a,b,c,f,s,yes", "pairs")
		t.eq(datasheet.query "foobar", sheet, "the same table on every query")
	end },
	{ "an update shows in the tables a reader holds", function()
		local sheet = datasheet.query "foobar"
		local c = sheet.c
		builder.update("foobar", { b = 4, c = { 5 } })
		eventually(function() return sheet.b end, 4, "the update arrives")
		t.eq(sheet.a, nil, "a is gone")
		t.eq(sheet.b, 4, "b updated")
		t.eq(c[1], 5, "the held subtable shows the new c")
		t.eq(#c, 1, "#c")
		t.eq(sheet.c, c, "still the same subtable")
		builder.update("foobar", { a = 6, c = 7, d = 8 })
		eventually(function() return sheet.d end, 8, "the second update arrives")
		t.eq(sheet.a, 6, "a is back"); t.eq(sheet.c, 7, "c is a number now"); t.eq(sheet.d, 8, "d")
		t.raises(function() return c[1] end, "Invalid proxy", "a held table whose path was removed")
	end },
	{ "another service reads the sheet and sees updates", function()
		builder.new("shared", { a = "one", c = { 10 } })
		local other = skynet.newservice(SERVICE_NAME, "reader")
		local a, b, c1 = skynet.call(other, "lua", "read", "shared")
		t.eq(a, "one", "a"); t.eq(b, nil, "b"); t.eq(c1, 10, "c[1]")
		for i = 1, 3 do
			builder.update("shared", { a = "v" .. i, b = i, c = { i * 100 } })
			eventually(function() return (skynet.call(other, "lua", "read", "shared")) end, "v" .. i, "update " .. i)
			a, b, c1 = skynet.call(other, "lua", "read", "shared")
			t.eq(a, "v" .. i, "a after update " .. i); t.eq(b, i, "b"); t.eq(c1, i * 100, "c[1]")
		end
		skynet.kill(other)
		-- the killed reader's monitor still waits in the datasheet service: an
		-- update answers it into the void and goes on
		builder.update("shared", { a = "after" })
		local again = skynet.newservice(SERVICE_NAME, "reader")
		t.eq((skynet.call(again, "lua", "read", "shared")), "after", "a new reader after a reader died")
		skynet.kill(again)
	end },
	{ "compiled sheets, and skynet's errors", function()
		builder.new("compiled", builder.compile { x = { y = "z" } })
		t.eq(datasheet.query("compiled").x.y, "z", "a compiled sheet")
		t.raises(function() builder.new("compiled", {}) end, "assertion failed!", "new twice (skynet's assert)")
		t.raises(function() builder.update("nope", {}) end, "assertion failed!", "update unknown (skynet's assert)")
		t.raises(function() datasheet.query "nope" end, "call failed", "query unknown") -- the callee logs "create data first"
		t.raises(function() builder.new("bad", 42) end, "datasheet.builder: sheet bad must be a table, got number", "not a table")
	end },
})
