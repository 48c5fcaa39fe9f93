-- test_sharedata: skynet.sharedata and skynet.sharetable: shared reads, updates, delete, and errors for bad input.
local skynet = require "skynet"
local sharedata = require "skynet.sharedata"
local sharetable = require "skynet.sharetable"
local t = require "testlib"

t.run("test_sharedata", {
	{ "new from a table: a reader in another service reads leaves and branches", function()
		sharedata.new("cfg", { name = "skyglass", list = { 10, 20, 30 }, deep = { a = { b = { c = true } } } })
		local reader = skynet.newservice("sd_reader")
		t.eq(skynet.call(reader, "lua", "get", "cfg", "name"), "skyglass", "leaf")
		t.eq(skynet.call(reader, "lua", "get", "cfg", "list", 2), 20, "array item")
		t.eq(skynet.call(reader, "lua", "get", "cfg", "deep", "a", "b", "c"), true, "deep leaf")
		local cfg = sharedata.query("cfg")
		t.eq(#cfg.list, 3, "#")
		local sum = 0
		for _, v in ipairs(cfg.list) do sum = sum + v end
		t.eq(sum, 60, "ipairs")
		local keys = {}
		for k in pairs(cfg) do keys[#keys + 1] = k end
		table.sort(keys)
		t.eq(table.concat(keys, ","), "deep,list,name", "pairs")
		t.eq(cfg.deep, cfg.deep, "a subtable is the same proxy each time")
		t.eq(cfg.missing, nil, "missing key")
	end },
	{ "skynet.packstring copies a shared object into plain tables (skynet's examples/share.lua)", function()
		sharedata.new("packme", { a = 1, b = { "hello", "world" } })
		local obj = sharedata.query("packme")
		local copy = skynet.unpack(skynet.packstring(obj))
		t.eq(type(copy), "table", "a plain table")
		t.eq(copy.a, 1, "leaf")
		t.eq(type(copy.b), "table", "a plain subtable")
		t.eq(table.concat(copy.b, " "), "hello world", "array")
		t.raises(function() skynet.packstring(io.stdout) end, "Unsupport type userdata to serialize", "other userdata still fails")
		t.eq(tostring(obj.b):match("^table: 0x%x+$") ~= nil, true, "prints as a table, as skynet's: " .. tostring(obj.b))
		sharedata.delete("packme")
	end },
	{ "new from Lua source and from globals it sets", function()
		sharedata.new("src", "return { x = 1, y = { 2 } }")
		t.eq(sharedata.query("src").y[1], 2, "returned table")
		sharedata.new("globals", "x = 5 y = 'six'")
		t.eq(sharedata.query("globals").y, "six", "globals")
	end },
	{ "update is seen by readers on their next access, even through a held subtable", function()
		sharedata.new("ver", { n = 1, sub = { v = "old" } })
		local reader = skynet.newservice("sd_reader")
		t.eq(skynet.call(reader, "lua", "get", "ver", "n"), 1, "before")
		local mine = sharedata.query("ver")
		local sub = mine.sub
		sharedata.update("ver", { n = 2, sub = { v = "new" } })
		t.eq(skynet.call(reader, "lua", "get", "ver", "n"), 2, "reader after update")
		t.eq(mine.n, 2, "own root after update")
		t.eq(sub.v, "new", "held subtable after update")
	end },
	{ "a held subtable whose key is gone after an update raises a clear error", function()
		sharedata.new("shrink", { sub = { v = 1 }, keep = 1 })
		local sub = sharedata.query("shrink").sub
		t.eq(sub.v, 1, "before")
		sharedata.update("shrink", { keep = 2 })
		t.raises(function() return sub.v end, "sharedata: the table at key sub is gone in the updated data", "gone subtable")
		t.eq(sharedata.query("shrink").keep, 2, "root still reads")
	end },
	{ "deepcopy gives an ordinary table; the shared data is read-only", function()
		sharedata.new("copyme", { a = { 1, 2 }, s = "x" })
		local c = sharedata.deepcopy("copyme")
		c.a[1] = 99
		t.eq(sharedata.query("copyme").a[1], 1, "copy is separate")
		t.eq(sharedata.deepcopy("copyme", "a")[2], 2, "deepcopy of a path")
		t.raises(function() sharedata.query("copyme").s = "y" end, "Error newindex, the key []", "write (skynet's text)")
	end },
	{ "delete: readers keep their version, new queries fail, flush is harmless", function()
		sharedata.new("gone", { v = 1 })
		local held = sharedata.query("gone")
		sharedata.delete("gone")
		t.eq(held.v, 1, "held version still readable")
		sharedata.flush()
		local reader = skynet.newservice("sd_reader")
		t.raises(function() skynet.call(reader, "lua", "get", "gone", "v") end, "call failed", "query after delete") -- the callee logs skynet's "sharedatad.lua:N: gone"
		t.raises(function() sharedata.query("gone") end, "call failed", "query after delete, by a service that held it") -- the callee logs skynet's "sharedatad.lua:N: gone"
		sharedata.new("gone", { v = 2 })
		t.eq(sharedata.query("gone").v, 2, "a new table under the deleted name")
		t.eq(held.v, 1, "the held version is still the old one")
	end },
	{ "bad input names the problem", function()
		t.raises(function() sharedata.new("bad", 42) end, "call failed", "number value") -- the callee logs "Unknown data type number"
		t.raises(function() sharedata.new("fn", { f = print }) end, "Unsupport type function to serialize", "function value sent")
		t.raises(function() sharedata.new("fn", "return { f = print }") end, "call failed", "function value made by source") -- the callee logs skynet's "Unsupport value type function"
		t.raises(function() sharedata.new("fk", "return { [1.5] = 1 }") end, "call failed", "float key") -- the callee logs "sharedata: key 1.5"
		t.raises(function() sharedata.new("badsrc", "return {") end, "call failed", "bad source") -- the callee logs the load error
		sharedata.new("dup", {})
		t.raises(function() sharedata.new("dup", {}) end, "call failed", "new twice") -- the callee logs "assertion failed!"
		t.raises(function() sharedata.query("nothing") end, "call failed", "unknown name") -- the callee logs "sharedatad.lua:N: nothing"
	end },
	{ "sharetable: loadstring/loadtable, query, queryall, update switches only on update", function()
		sharetable.loadstring("items", "return { sword = { atk = 5 } }")
		sharetable.loadtable("monsters", { { name = "slime" } })
		local reader = skynet.newservice("sd_reader")
		t.eq(skynet.call(reader, "lua", "st_get", "items", "sword", "atk"), 5, "reader")
		local all = sharetable.queryall { "items", "monsters" }
		t.eq(all.monsters[1].name, "slime", "queryall")
		sharetable.loadstring("items", "return { sword = { atk = 7 } }")
		t.eq(skynet.call(reader, "lua", "st_get", "items", "sword", "atk"), 5, "old version until update")
		skynet.call(reader, "lua", "st_update", "items")
		t.eq(skynet.call(reader, "lua", "st_get", "items", "sword", "atk"), 7, "new version after update")
		t.eq(sharetable.query("nothing"), nil, "unknown file")
		t.raises(function() sharetable.loadtable("x", 1) end, "assertion failed!", "not a table") -- skynet's bare assert
		t.raises(function() sharetable.loadstring("y", "return 1") end, "call failed", "source not a table") -- the callee logs skynet's "Not a table, it's a number."
	end },
	{ "sharetable.loadfile", function()
		local path = os.tmpname()
		local f = assert(io.open(path, "w"))
		f:write("local n = ... return { n = n or 0, list = { 'a', 'b' } }")
		f:close()
		sharetable.loadfile(path, 3)
		local t1 = sharetable.query(path)
		os.remove(path)
		t.eq(t1.n, 3, "argument")
		t.eq(t1.list[2], "b", "list")
	end },
})
