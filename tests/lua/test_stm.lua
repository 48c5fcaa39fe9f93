-- test_stm: skynet.stm (a shared object one service writes and others read by
-- reference) and skynet.sharemap on top of it. Run with the argument "reader",
-- this file is the other service that reads.
local skynet = require "skynet"
local stm = require "skynet.stm"
local sharemap = require "skynet.sharemap"

local mode = ...

if mode == "reader" then
	local reader, map
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, cmd, ...)
			if cmd == "init" then
				reader = stm.newcopy(...)
				skynet.ret(skynet.pack(reader(skynet.unpack)))
			elseif cmd == "read" then
				skynet.ret(skynet.pack(reader(skynet.unpack)))
			elseif cmd == "map" then
				map = sharemap.reader(...)
				skynet.ret(skynet.pack(map.x, map.y, map.s))
			elseif cmd == "mapread" then
				local changed = map:update()
				skynet.ret(skynet.pack(changed, map.x, map.y, map.s))
			elseif cmd == "mapwrite" then
				skynet.ret(skynet.pack(pcall(function() map.x = 1 end)))
			end
		end)
	end)
	return
end

local t = require "testlib"

local function pack(...) return { n = select("#", ...), ... } end

t.run("test_stm", {
	{ "a reader sees the first snapshot once, then each update once", function()
		local obj = stm.new(skynet.pack(1, 2, 3))
		local r = stm.newcopy(stm.copy(obj))
		local got = pack(r(skynet.unpack))
		t.eq(got.n, 4, "true and three values")
		t.eq(got[1], true, "changed"); t.eq(got[4], 3, "third value")
		t.eq(r(skynet.unpack), false, "no update: false")
		obj(skynet.pack("hello", 2))
		got = pack(r(skynet.unpack))
		t.eq(got[1], true, "changed after update"); t.eq(got[2], "hello", "new value")
		t.eq(r(skynet.unpack), false, "read once")
		obj("raw bytes")  -- a string is copied
		got = pack(r(function(msg, sz, ud) return skynet.tostring(msg, sz), ud end, "passed"))
		t.eq(got[2], "raw bytes", "string snapshot"); t.eq(got[3], "passed", "ud is f's third argument")
	end },
	{ "another service reads by reference; the writer's updates reach it", function()
		local obj = stm.new(skynet.pack("v1"))
		local other = skynet.newservice(SERVICE_NAME, "reader")
		local got = pack(skynet.call(other, "lua", "init", stm.copy(obj)))
		t.eq(got[1], true, "first read"); t.eq(got[2], "v1", "first value")
		t.eq(skynet.call(other, "lua", "read"), false, "nothing new")
		for i = 2, 4 do
			obj(skynet.pack("v" .. i))
			got = pack(skynet.call(other, "lua", "read"))
			t.eq(got[1], true, "update " .. i); t.eq(got[2], "v" .. i, "value " .. i)
		end
		obj = nil
		collectgarbage()  -- the writer is collected: readers see no snapshot any more
		t.eq(skynet.call(other, "lua", "read"), false, "after the writer is gone")
		skynet.kill(other)
	end },
	{ "bad references and arguments raise", function()
		local obj = stm.new("x")
		local ref = stm.copy(obj)
		stm.newcopy(ref)
		t.raises(function() stm.newcopy(ref) end, "stm.newcopy: not a reference from stm.copy, or one already taken", "used twice")
		t.raises(function() stm.newcopy("x") end, "userdata expected", "not a reference")
		local r = stm.newcopy(stm.copy(obj))
		t.raises(function() r(42) end, "function expected", "reader needs a function")
		t.raises(function() stm.copy({}) end, "skynet.stm.writer expected", "copy of a non-writer")
	end },
	{ "sharemap: a reader in another service sees each commit", function()
		sharemap.register("tests/lua/sharemap/foobar.sproto")
		local w = sharemap.writer("foobar", { x = 0, y = 0, s = "hello" })
		local other = skynet.newservice(SERVICE_NAME, "reader")
		local got = pack(skynet.call(other, "lua", "map", "foobar", w:copy()))
		t.eq(got[1], 0, "x"); t.eq(got[3], "hello", "s")
		w.x = 1
		t.eq(w.x, 1, "the writer reads its own field")
		got = pack(skynet.call(other, "lua", "mapread"))
		t.eq(got[1], false, "not committed yet"); t.eq(got[2], 0, "reader still sees x = 0")
		w:commit()
		got = pack(skynet.call(other, "lua", "mapread"))
		t.eq(got[1], true, "committed"); t.eq(got[2], 1, "x after commit")
		w.y = 2; w.s = "world"; w:commit()
		got = pack(skynet.call(other, "lua", "mapread"))
		t.eq(got[3], 2, "y"); t.eq(got[4], "world", "s")
		got = pack(skynet.call(other, "lua", "mapwrite"))
		t.eq(got[1], false, "a reader cannot write")
		-- skynet's reader has __newindex = error: error(reader, "x", v) refuses its level
		t.eq(tostring(got[2]):find("bad argument #2 to 'newindex' (number expected, got string)", 1, true) ~= nil, true, got[2])
		skynet.kill(other)
	end },
})
