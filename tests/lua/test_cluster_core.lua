-- test_cluster_core: skynet.cluster.core's framing, byte by byte (docs/wire-formats.md
-- works the same examples), and its refusals of bad packets.
local skynet = require "skynet"
local core = require "skynet.cluster.core"
local t = require "testlib"

local function hex(s)
	return (s:gsub(".", function(c) return string.format("%02x ", c:byte()) end):sub(1, -2))
end

-- A malloc'd message, as skynet.pack makes, from a string.
local function msg_of(s)
	return skynet.pack(s)
end

t.run("test_cluster_core", {
	{ "a request to a handle: length, 00, addr, session, payload", function()
		local m, sz = msg_of("ping")
		local packet, next_session = core.packrequest(0x0100000a, 1, m, sz)
		t.eq(hex(packet), "00 0e 00 0a 00 00 01 01 00 00 00 24 70 69 6e 67", "bytes")
		t.eq(next_session, 2, "next session")
	end },
	{ "a request to a name, and a push (session 0)", function()
		local m, sz = msg_of("x")
		t.eq(hex((core.packrequest("@pong", 7, m, sz))),
			"00 0d 80 05 40 70 6f 6e 67 07 00 00 00 0c 78", "by name")
		m, sz = msg_of("x")
		t.eq(hex((core.packpush(3, 9, m, sz))), "00 0b 00 03 00 00 00 00 00 00 00 0c 78", "push")
	end },
	{ "a 40000-byte payload: a header packet, then 32768 + the rest", function()
		local m, sz = skynet.pack(string.rep("z", 40000))
		local header, next_session, parts = core.packrequest(5, 3, m, sz)
		t.eq(hex(header), "00 0d 01 05 00 00 00 03 00 00 00 " .. hex(string.pack("<I4", sz)), "header")
		t.eq(next_session, 4, "next session")
		t.eq(#parts, 2, "parts")
		t.eq(hex(parts[1]:sub(1, 7)), "80 05 02 03 00 00 00", "first part: 32768 + 5, type 2")
		t.eq(#parts[1], 2 + 5 + 32768, "first part size")
		t.eq(hex(parts[2]:sub(3, 7)), "03 03 00 00 00", "last part: type 3")
		t.eq(#parts[2], 2 + 5 + sz - 32768, "last part size")
	end },
	{ "unpackrequest reads what packrequest wrote", function()
		local m, sz = skynet.pack("hello", 42)
		local packet = core.packrequest(0x0100000a, 12, m, sz)
		local addr, session, msg, size = core.unpackrequest(packet:sub(3))
		t.eq(addr, 0x0100000a, "addr")
		t.eq(session, 12, "session")
		local a, b = skynet.unpack(msg, size)
		skynet.trash(msg, size)
		t.eq(a .. b, "hello42", "payload")
		-- a push says so
		m, sz = skynet.pack(1)
		local _, s2, msg2, size2, more, is_push = core.unpackrequest((core.packpush("@x", 1, m, sz)):sub(3))
		skynet.trash(msg2, size2)
		t.eq(s2, 0, "push session")
		assert(more == nil and is_push == true, "a push has no answer")
	end },
	{ "responses: ok, error, and a large one in parts", function()
		t.eq(hex(core.packresponse(7, true, "abc")), "00 08 07 00 00 00 01 61 62 63", "ok")
		t.eq(hex(core.packresponse(7, false, "no")), "00 07 07 00 00 00 00 6e 6f", "error")
		local s, ok, data = core.unpackresponse(core.packresponse(7, true, "abc"):sub(3))
		t.eq(s .. tostring(ok) .. data, "7trueabc", "unpacked")
		local big = string.rep("q", 70000)
		local parts = core.packresponse(9, true, big)
		t.eq(#parts, 4, "begin + 3 parts")
		t.eq(hex(parts[1]), "00 09 09 00 00 00 02 " .. hex(string.pack("<I4", 70000)), "begin")
		local collected
		for i, p in ipairs(parts) do
			local session, okp, d, more = core.unpackresponse(p:sub(3))
			t.eq(session, 9, "session of part " .. i)
			if i == 1 then collected = { d } else collected[#collected + 1] = d end
			t.eq(more, i < #parts or nil, "more flag of part " .. i)
		end
		local joined, n = core.concat(collected)
		t.eq(n, 70000, "joined size")
		t.eq(skynet.tostring(joined, n), big, "joined bytes")
		skynet.trash(joined, n)
	end },
	{ "bad packets raise, never crash", function()
		t.raises(function() core.unpackrequest("\x07abc") end, "Invalid req package type 7")
		t.raises(function() core.unpackrequest("\x00abc") end, "Invalid cluster message (size=4)")
		t.raises(function() core.unpackrequest("\x80\xffab") end, "Invalid cluster message")
		t.raises(function() core.unpackrequest("") end, "size == 0")
		t.eq(select("#", core.unpackresponse("abc")), 0, "a short response is nothing")
		t.eq(core.concat({ 5, "abc" }), nil, "parts that do not add up")
		t.eq(core.isname("@pong"), true, "isname")
		t.eq(core.isname(".pong"), nil, "a local name is not a cluster name")
	end },
})
