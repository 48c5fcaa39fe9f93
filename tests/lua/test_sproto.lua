-- test_sproto: sproto's bytes (the published examples, worked through by hand in
-- docs/wire-formats.md), zero-packing, the schema parser's errors, RPC through
-- host/attach/dispatch, garbage into dispatch, and sprotoloader.
local skynet = require "skynet"
local sproto = require "sproto"
local sprotoparser = require "sprotoparser"
local sprotoloader = require "sprotoloader"
local t = require "testlib"

local function hex(s)
	return (s:gsub(".", function(c) return string.format("%02x ", c:byte()) end):sub(1, -2))
end

local function bytes(h)
	return (h:gsub("%s", ""):gsub("..", function(x) return string.char(tonumber(x, 16)) end))
end

local schema = sproto.parse [[
.Person {
	name 0 : string
	age 1 : integer
	marital 2 : boolean
	children 3 : *Person
}

.Data {
	numbers 0 : *integer
	bools 1 : *boolean
	number 2 : integer
	bignumber 3 : integer
	double 4 : double
	doubles 5 : *double
	fpn 6 : integer(2)
}
]]

-- Encodes, checks the bytes, decodes and checks that the decoded table encodes the same.
local function check(typename, value, want)
	local got = schema:encode(typename, value)
	t.eq(hex(got), want, typename .. " bytes")
	local back, used = schema:decode(typename, got)
	t.eq(used, #got, "bytes decoded")
	t.eq(hex(schema:encode(typename, back)), want, typename .. " re-encoded")
	return back
end

local rpc_schema = [[
.package {
	type 0 : integer
	session 1 : integer
	ud 2 : string
}

.Phone { number 0 : string  kind 1 : integer }
.Score { subject 0 : string  grade 1 : string }

login 1 {
	request {
		user 0 : string
		phones 1 : *Phone(number)
		scores 2 : *Score()
	}
	response { ok 0 : boolean  welcome 1 : string }
}

ping 2 {}

bye 3 {
	request { why 0 : string }
	response nil
}
]]

t.run("test_sproto", {
	{ "example 1: a string in the data part, small integer and boolean inline", function()
		check("Person", { name = "Alice", age = 13, marital = false },
			"03 00 00 00 1c 00 02 00 05 00 00 00 41 6c 69 63 65")
	end },
	{ "example 2: a skipped tag and an array of structs", function()
		local v = check("Person", { name = "Bob", age = 40, children = {
			{ name = "Alice", age = 13 }, { name = "Carol", age = 5 } } },
			"04 00 00 00 52 00 01 00 00 00 03 00 00 00 42 6f 62 26 00 00 00 " ..
			"0f 00 00 00 02 00 00 00 1c 00 05 00 00 00 41 6c 69 63 65 " ..
			"0f 00 00 00 02 00 00 00 0c 00 05 00 00 00 43 61 72 6f 6c")
		t.eq(v.children[2].name, "Carol", "decoded child")
	end },
	{ "examples 3 and 4: integer arrays of 4 and 8 bytes", function()
		check("Data", { numbers = { 1, 2, 3, 4, 5 } },
			"01 00 00 00 15 00 00 00 04 01 00 00 00 02 00 00 00 03 00 00 00 04 00 00 00 05 00 00 00")
		check("Data", { numbers = { (1 << 32) + 1, (1 << 32) + 2, (1 << 32) + 3 } },
			"01 00 00 00 19 00 00 00 08 01 00 00 00 01 00 00 00 02 00 00 00 01 00 00 00 03 00 00 00 01 00 00 00")
	end },
	{ "example 5: a boolean array", function()
		check("Data", { bools = { false, true, false } }, "02 00 01 00 00 00 03 00 00 00 00 01 00")
	end },
	{ "example 6: integers too big to be inline", function()
		check("Data", { number = 100000, bignumber = -10000000000 },
			"03 00 03 00 00 00 00 00 04 00 00 00 a0 86 01 00 08 00 00 00 00 1c f4 ab fd ff ff ff")
	end },
	{ "example 7: doubles", function()
		check("Data", { double = 0.01171875, doubles = { 0.01171875, 23, 4 } },
			"03 00 07 00 00 00 00 00 08 00 00 00 00 00 00 00 00 00 88 3f 19 00 00 00 08 " ..
			"00 00 00 00 00 00 88 3f 00 00 00 00 00 00 37 40 00 00 00 00 00 00 10 40")
	end },
	{ "example 8: a fixed-point integer(2)", function()
		local v = check("Data", { fpn = 1.82 }, "02 00 0b 00 6e 01")
		t.eq(v.fpn, 1.82, "decoded fpn")
	end },
	{ "zero-packing: the documented examples, and back", function()
		local plain = bytes "08 00 00 00 03 00 02 00 19 00 00 00 aa 01 00 00"
		t.eq(hex(sproto.pack(plain)), "51 08 03 02 31 19 aa 01", "packed")
		t.eq(sproto.unpack(sproto.pack(plain)), plain, "unpacked")
		local dense = string.rep("\x8a", 30)
		t.eq(hex(sproto.pack(dense)), "ff 03 " .. hex(dense) .. " 00 00", "a raw run")
		t.eq(sproto.unpack(sproto.pack(dense)), dense .. "\0\0", "unpacked to whole words")
		-- 6 or 7 non-zero bytes continue a run but do not start one.
		t.eq(hex(sproto.pack(string.rep("\1", 8) .. "\1\1\1\1\1\1\0\0")), "ff 01 " .. hex(string.rep("\1", 14)) .. " 00 00", "run continued")
		t.eq(hex(sproto.pack("\1\1\1\1\1\1\0\0")), "3f 01 01 01 01 01 01", "not a run start")
		t.raises(function() sproto.unpack("\xff\x03\x8a") end, "Invalid unpack stream")
		t.raises(function() sproto.unpack("\x03\x01") end, "Invalid unpack stream")
	end },
	{ "the parser writes sproto's schema binary", function()
		-- .Person { name 0 : string }, worked out by hand: a group with one type.
		local bin = sprotoparser.parse ".P { n 0 : string }"
		t.eq(hex(bin), "01 00 00 00 " ..    -- group: 1 slot, `type` in the data part
			"26 00 00 00 " ..                   -- the type array: 38 bytes
			"22 00 00 00 " ..                   -- type P: 34 bytes
			"02 00 00 00 00 00 " ..             -- 2 slots: name, fields (both data)
			"01 00 00 00 50 " ..                -- "P"
			"13 00 00 00 " ..                   -- the fields array: 19 bytes
			"0f 00 00 00 " ..                   -- field n: 15 bytes
			"04 00 00 00 06 00 01 00 02 00 " .. -- 4 slots: name, buildin 2 (string), skip 1, tag 0
			"01 00 00 00 6e",                   -- "n"
			"schema binary")
	end },
	{ "a malformed schema fails in skynet's words (only a syntax error names its line)", function()
		t.raises(function() sprotoparser.parse(".A {\n a 0 : integer\n b : string\n}") end, "line (3)")
		local function ends(f, tail)
			local err = t.raises(f, "sprotoparser.lua:")
			t.eq(err:sub(-#tail), tail, "the message ends with skynet's words")
		end
		ends(function() sprotoparser.parse(".A {\n a 0 : integer\n b 0 : string\n}") end, ": redefine tag 0 in type A")
		ends(function() sprotoparser.parse(".A {\n\n a 0 : Nope\n}") end, ": Undefined type Nope in type A")
		ends(function() sprotoparser.parse(".A { a 0 : integer }\n.A { b 0 : integer }") end, ": redefined A")
		ends(function() sprotoparser.parse(".A { a 40000 : integer }") end, "(unsigned overflow)")
	end },
	{ "host/attach/dispatch: a request, its response, maps and keyed arrays", function()
		local sp = sproto.parse(rpc_schema)
		local server = sp:host "package"
		local client = sp:host "package"
		local request = client:attach(sp)
		local packet = request("login", { user = "ann", phones = { ["123"] = { number = "123", kind = 1 } },
			scores = { math = "A" } }, 7, "ud!")
		local kind, name, args, respond, ud = server:dispatch(packet)
		t.eq(kind, "REQUEST", "kind")
		t.eq(name, "login", "protocol")
		t.eq(args.user, "ann", "args.user")
		t.eq(args.phones["123"].kind, 1, "keyed array")
		t.eq(args.scores.math, "A", "map")
		t.eq(ud, "ud!", "ud")
		local reply = respond({ ok = true, welcome = "hi ann" })
		local rkind, session, result = client:dispatch(reply)
		t.eq(rkind, "RESPONSE", "response kind")
		t.eq(session, 7, "session")
		t.eq(result.welcome, "hi ann", "response content")
		-- No session: no response function. No request type: no args.
		local _, pname, pargs, presp = server:dispatch(request("ping"))
		t.eq(pname, "ping", "ping")
		t.eq(pargs, nil, "ping has no args")
		t.eq(presp, nil, "no session, no responder")
		-- `response nil`: the response has no content.
		local _, _, _, bye_respond = server:dispatch(request("bye", { why = "done" }, 8))
		local k2, s2, r2 = client:dispatch(bye_respond())
		t.eq(k2 .. s2 .. tostring(r2), "RESPONSE8nil", "confirmed response")
	end },
	{ "truncated or garbage packets raise from dispatch, never crash", function()
		local sp = sproto.parse(rpc_schema)
		local server = sp:host "package"
		local packet = sp:host("package"):attach(sp)("login", { user = "ann" }, 1)
		local failures = 0
		for cut = 0, #packet - 1 do
			if not pcall(server.dispatch, server, packet:sub(1, cut)) then failures = failures + 1 end
		end
		assert(failures > 0, "some cuts must fail")
		local seed = 12345
		for _ = 1, 2000 do
			local n = seed % 40
			local junk = {}
			for i = 1, n do
				seed = (seed * 1103515245 + 12345) % 2147483648
				junk[i] = string.char(seed % 256)
			end
			local ok, err = pcall(server.dispatch, server, table.concat(junk))
			assert(ok or type(err) == "string", "errors are strings")
		end
		t.raises(function() server:dispatch("\x01\x00") end, "session not found")
	end },
	{ "encode refuses a wrong type in skynet's words, naming the field and index", function()
		t.raises(function() schema:encode("Person", { age = "old" }) end, "Person.age[0] is not an integer (Is a string)")
		t.raises(function() schema:encode("Person", { age = 1.5 }) end, "Person.age[0] is not an integer (Is a number)")
		t.raises(function() schema:encode("Person", { children = 3 }) end,
			"Person.children(1) should be a table or an userdata with metamethods (Is a number)")
		local err = t.raises(function() schema:encode("Person", { name = 12 }) end, "Person.name[0] is not a string (Is a number)")
		-- skynet's C encode raises it at sproto.lua's line (a Lua frame that
		-- tail-calls a C function is still there), as its log shows
		assert(tostring(err):find("sproto.lua:%d+: Person"), "positioned in sproto.lua: " .. tostring(err))
	end },
	{ "misses fail in skynet's words, positioned in sproto.lua", function()
		local err = t.raises(function() schema:encode("Nobody", {}) end, "type not found")
		assert(tostring(err):find("sproto.lua:%d+: type not found$"), tostring(err))
		t.raises(function() schema:host("nopackage") end, "type package not found")
		t.raises(function() schema:request_encode("nosuch", {}) end, "nosuch not found")
	end },
	{ "default: skynet's shapes for arrays, structs and decimals", function()
		local d = schema:default("Person")
		t.eq(d.name, "", "string")
		t.eq(d.age, 0, "integer")
		t.eq(d.marital, false, "boolean")
		t.eq(d.children.__array, "Person", "an array of structs names its type")
		local data = schema:default("Data")
		t.eq(data.numbers.__array, 0, "an array of integers")
		t.eq(math.type(data.fpn), "float", "integer(2) defaults to 0.0")
		local rpc = sproto.parse(rpc_schema)
		t.eq(rpc:default("login", "REQUEST").phones.__array, "Phone", "request")
		t.eq(rpc:default("bye", "RESPONSE"), nil, "no response type")
		t.raises(function() rpc:default("login", "BOTH") end, "Invalid type")
	end },
	{ "decode into a given table, as skynet's (sharemap's reader does)", function()
		local bin = schema:encode("Person", { name = "Ann", age = 3 })
		local into = { kept = true }
		local got, used = schema:decode("Person", bin, into)
		assert(got == into and into.name == "Ann" and into.age == 3 and into.kept, "filled the given table")
		t.eq(used, #bin, "bytes decoded")
	end },
	{ "nesting: 64 levels, as skynet's; 4,600 levels in 64 KiB and 100,000 in 1.4 MB refused at once, read in place", function()
		-- attack round 4: each level held a copy of the bytes below it (287 MB, 0.18 s)
		local function nested(depth)
			local inner = "\0\0"
			for _ = 1, depth do
				inner = string.pack("<I2I2I2I4", 2, 5, 0, #inner + 4) .. string.pack("<s4", inner)
			end
			return inner
		end
		assert(schema:decode("Person", nested(64)), "64 levels decode")
		t.raises(function() schema:decode("Person", nested(65)) end, "The table is too deep")
		collectgarbage()
		local before = collectgarbage("count")
		t.raises(function() schema:decode("Person", nested(4600)) end, "The table is too deep")
		assert(collectgarbage("count") - before < 16 * 1024, "decoding 64 KiB of nesting took under 16 MB")
		-- attack round 7: still a copy per level down to the 64th: 100,000 levels (1.4 MB)
		-- allocated 90 MB; now read in place (counted with the collector stopped)
		local parts = {}
		for level = 100000, 1, -1 do
			local inner = 2 + 14 * (level - 1)
			parts[#parts + 1] = string.pack("<I2I2I2I4I4", 2, 5, 0, inner + 4, inner)
		end
		parts[#parts + 1] = "\0\0"
		local deep = table.concat(parts)
		parts = nil
		collectgarbage()
		collectgarbage("stop")
		before = collectgarbage("count")
		t.raises(function() schema:decode("Person", deep) end, "The table is too deep")
		local allocated = collectgarbage("count") - before
		collectgarbage("restart")
		assert(allocated < 2 * 1024, string.format("decoding 1.4 MB of nesting allocated %.0f KiB, under 2 MiB", allocated))
		local loop = {}
		loop.children = { loop }
		t.raises(function() schema:encode("Person", loop) end, "The table is too deep")
	end },
	{ "sprotoloader: saved once, loaded by another service", function()
		sprotoloader.save(sprotoparser.parse(rpc_schema), 3)
		local sp = sprotoloader.load(3)
		assert(sp:exist_proto("login") and sp:exist_type("Phone") and sp:exist_type("Score"), "loaded schema")
		t.raises(function() sprotoloader.load(9) end, "nil sproto at index 9")
		-- twice: the first refusal must not leave the store locked (it hung here)
		t.raises(function() sprotoloader.load(9) end, "nil sproto at index 9")
		t.raises(function() sprotoloader.load(16) end, "Invalid global slot index 16")
		sprotoloader.save("not a schema", 9)
		t.raises(function() sprotoloader.load(9) end, "nil sproto at index 9")
	end },
})
