-- test_shared_type: sharedata and sharetable objects are tables, as skynet's are (type, tostring, writes, pack).
local skynet = require "skynet"
local sharedata = require "skynet.sharedata"
local sharetable = require "skynet.sharetable"
local t = require "testlib"

t.run("test_shared_type", {
	{ "sharedata: the root and its subtables are tables", function()
		sharedata.new("typed", { a = 1, b = { c = 2, d = { e = 3 }, list = { 10, 20 } } })
		local obj = sharedata.query("typed")
		t.eq(type(obj), "table", "root")
		t.eq(type(obj.b), "table", "subtable")
		t.eq(type(obj.b.d), "table", "deeper subtable")
		t.eq(type(obj.a), "number", "a leaf is still its own type")
		t.eq(tostring(obj):match("^table: 0x%x+$") ~= nil, true, "tostring: " .. tostring(obj))
		t.eq(getmetatable(obj) ~= nil, true, "a proxy table has a metatable, as skynet's")
		t.eq(rawlen(obj.b.list), 0, "the data is not in the table itself (rawlen 0)")
		t.eq(#obj.b.list, 2, "# through __len")
		t.eq(obj.b.list[2], 20, "index through __index")
		t.eq(obj.b, obj.b, "the same subtable twice is one table")
	end },
	{ "sharedata: a write raises skynet's text, naming the table's path", function()
		local obj = sharedata.query("typed")
		t.raises(function() obj.a = 5 end, "Error newindex, the key []", "root")
		t.raises(function() obj.b.c = 5 end, "Error newindex, the key [.b]", "subtable")
		t.raises(function() obj.b.d.x = 5 end, "Error newindex, the key [.b.d]", "deeper")
		t.raises(function() obj.b.list[1] = 5 end, "Error newindex, the key [.b.list]", "array")
		t.eq(obj.a, 1, "unchanged")
	end },
	{ "sharedata: update and delete still reach a table held before", function()
		sharedata.new("typed2", { v = 1, sub = { w = "old" } })
		local obj = sharedata.query("typed2")
		local sub = obj.sub
		sharedata.update("typed2", { v = 2, sub = { w = "new" } })
		t.eq(obj.v, 2, "root after update")
		t.eq(sub.w, "new", "held subtable after update")
		t.eq(type(sub), "table", "still a table")
		sharedata.delete("typed2")
		t.eq(obj.v, 2, "held version readable after delete")
	end },
	{ "sharedata: pack, pairs and deepcopy treat it as the table it shows", function()
		local obj = sharedata.query("typed")
		local copy = skynet.unpack(skynet.packstring(obj))
		t.eq(copy.b.d.e, 3, "packed as a table")
		t.eq(getmetatable(copy), nil, "the copy is a plain table")
		local keys = {}
		for k, v in pairs(obj.b) do keys[#keys + 1] = k .. ":" .. type(v) end
		table.sort(keys)
		t.eq(table.concat(keys, ","), "c:number,d:table,list:table", "pairs")
		t.eq(sharedata.deepcopy("typed", "b", "d").e, 3, "deepcopy")
	end },
	{ "sharetable: query and queryall give tables; writes raise", function()
		sharetable.loadtable("typed_tt", { a = 1, n = { 1, 2 } })
		local tt = sharetable.query("typed_tt")
		t.eq(type(tt), "table", "root")
		t.eq(type(tt.n), "table", "subtable")
		t.eq(#tt.n, 2, "#")
		t.eq(type(sharetable.queryall({ "typed_tt" }).typed_tt), "table", "queryall")
		t.raises(function() tt.a = 2 end, "attempt to index a table value", "write")
		sharetable.loadtable("typed_tt", { a = 9 })
		sharetable.update("typed_tt")
		t.eq(tt.a, 9, "update")
		t.eq(type(tt), "table", "still a table after update")
	end },
})
