-- sproto_values: encoding and decoding with sproto as an agent does, away from the network: every field
-- type (integer past 32 bits, negative, decimal, double, binary with NUL bytes, nested and keyed arrays,
-- a two-field map, empty arrays), values of the wrong type (strings where numbers go, a string or a number
-- where a struct goes), unknown keys, fields left out, pack/unpack
-- (zero-packing) at odd lengths, truncated and garbage bytes, pencode/pdecode, request/response
-- encode/decode, a host without its package type, and dispatch of a tag nobody declared.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local sproto = require "sproto"

local function hex(s)
	return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end

-- Values are logged with their math type; tables as sorted pairs; binary strings in hex.
local function show(v)
	if type(v) == "table" then
		local out = {}
		for k, x in pairs(v) do out[#out + 1] = tostring(k) .. "=" .. show(x) end
		table.sort(out)
		return "{" .. table.concat(out, ",") .. "}"
	elseif type(v) == "string" and v:find("[^%g ]") then
		return "hex:" .. hex(v)
	elseif math.type(v) then
		return math.type(v) .. ":" .. tostring(v)
	end
	return tostring(v)
end

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	for i = 2, r.n do r[i] = show(r[i]) end
	skynet.error(what, table.unpack(r, 1, r.n))
end

local sp = sproto.parse [[
.package {
	type 0 : integer
	session 1 : integer
}
.Item {
	id 0 : integer
	name 1 : string
}
.KV {
	k 0 : string
	v 1 : integer
}
.All {
	i 0 : integer
	neg 1 : integer
	big 2 : integer
	money 3 : integer(2)
	d 4 : double
	flag 5 : boolean
	s 6 : string
	bin 7 : binary
	item 8 : Item
	items 9 : *Item
	byid 10 : *Item(id)
	map 11 : *KV()
	ints 12 : *integer
	bools 13 : *boolean
	strs 14 : *string
	doubles 15 : *double
	far 40 : integer
}
hello 1 {
	request { name 0 : string }
	response { ok 0 : boolean msg 1 : string }
}
notify 2 {
	request { n 0 : integer }
}
ask 3 {
	response { n 0 : integer }
}
]]

skynet.start(function()
	local all = {
		i = 1, neg = -5, big = 1 << 40, money = 12.34, d = 0.5, flag = true, s = "text", bin = "a\0b",
		item = { id = 7, name = "seven" }, items = { { id = 1 }, { id = 2, name = "two" } },
		byid = { [3] = { id = 3, name = "three" }, [4] = { id = 4 } }, map = { x = 1, y = 2 },
		ints = { 1, -1, 1 << 33 }, bools = { true, false, true }, strs = { "a", "", "c" },
		doubles = { 1.5, -2.25 }, far = 99,
	}
	try("encode all", function()
		local b = sp:encode("All", all)
		return #b, sp:decode("All", b)
	end)
	try("encode one field", function() return hex(sp:encode("All", { i = 3 })) end)
	try("encode far field", function() return hex(sp:encode("All", { far = 1 })) end)
	try("encode empty", function() return hex(sp:encode("All", {})) end)
	try("encode empty arrays", function()
		local b = sp:encode("All", { ints = {}, items = {}, strs = {} })
		return hex(b), sp:decode("All", b)
	end)
	try("encode unknown key", function() return hex(sp:encode("All", { nosuch = 1, i = 2 })) end)
	try("encode money rounding", function() return sp:decode("All", sp:encode("All", { money = 0.125 })) end)
	try("encode integer float", function() return sp:decode("All", sp:encode("All", { i = 2.0 })) end)
	try("encode integer fraction", sp.encode, sp, "All", { i = 2.5 })
	try("encode integer string", sp.encode, sp, "All", { i = "3" })
	try("encode string number", sp.encode, sp, "All", { s = 3 })
	try("encode boolean number", sp.encode, sp, "All", { flag = 1 })
	try("encode struct string", sp.encode, sp, "All", { item = "x" })
	try("encode array not table", sp.encode, sp, "All", { ints = 5 })
	try("encode array wrong item", sp.encode, sp, "All", { ints = { 1, "x" } })
	try("encode double string", sp.encode, sp, "All", { d = "x" })
	try("encode double from string", function() return sp:decode("All", sp:encode("All", { d = "2.5", money = "1.5" })) end)
	try("encode doubles mixed", function() return sp:decode("All", sp:encode("All", { doubles = { 1, "x", "3" } })) end)
	try("encode struct number", sp.encode, sp, "All", { item = 5 })
	try("encode struct boolean in array", sp.encode, sp, "All", { items = { {}, true } })
	try("encode unknown type", sp.encode, sp, "Nope", {})
	try("encode not a table", sp.encode, sp, "All", 5)

	local b = sp:encode("All", { i = 1, s = "hello" })
	try("decode truncated", sp.decode, sp, "All", b:sub(1, #b - 2))
	try("decode garbage", sp.decode, sp, "All", "\255\255\1")
	try("decode empty", sp.decode, sp, "All", "")
	try("decode extra bytes", function()
		local t, n = sp:decode("All", b .. "zz")
		return t, n, #b
	end)
	try("decode as other type", sp.decode, sp, "Item", b)

	for _, s in ipairs { "", "a", "\0", "\0\0\0\0\0\0\0\0", "abcdefgh", "abcdefghi", string.rep("\0", 17),
		string.rep("x", 30) } do
		try("pack " .. #s, function()
			local p = sproto.pack(s)
			local u = sproto.unpack(p)
			return hex(p), #u, u:sub(1, #s) == s
		end)
	end
	try("unpack garbage", sproto.unpack, "\255")
	try("unpack truncated", sproto.unpack, "\255\1abc")
	try("pencode pdecode", function()
		local p = sp:pencode("Item", { id = 1, name = "x" })
		return hex(p), sp:pdecode("Item", p)
	end)

	try("request_encode", function()
		local r, tag = sp:request_encode("hello", { name = "me" })
		return hex(r), tag, sp:request_decode("hello", r)
	end)
	try("request_encode no request", function() return sp:request_encode("ask", { n = 1 }) end)
	try("request_decode no request", sp.request_decode, sp, "ask", "")
	try("response_encode", function()
		local r = sp:response_encode("hello", { ok = true, msg = "hi" })
		return hex(r), sp:response_decode("hello", r)
	end)
	try("response_encode no response", function() return sp:response_encode("notify", {}) end)
	try("response_decode no response", sp.response_decode, sp, "notify", "")
	try("request_encode unknown", sp.request_encode, sp, "nosuch", {})
	try("default REQUEST", sp.default, sp, "hello", "REQUEST")
	try("default RESPONSE", sp.default, sp, "hello", "RESPONSE")
	try("default none", sp.default, sp, "notify", "RESPONSE")
	try("default bad kind", sp.default, sp, "hello", "OTHER")

	try("host no package", sp.host, sp, "nopackage")
	local server = sp:host "package"
	local client = sp:host "package"
	local request = client:attach(sp)
	try("dispatch request", function()
		local kind, name, args, response = server:dispatch(request("hello", { name = "x" }, 5))
		local answer = response({ ok = true })
		local k2, session, args2 = client:dispatch(answer)
		return kind, name, args, type(response), k2, session, args2
	end)
	try("dispatch send", function()
		local kind, name, args, response = server:dispatch(request("notify", { n = 3 }))
		return kind, name, args, response
	end)
	try("dispatch unknown tag", function()
		local header = sp:encode("package", { type = 99 })
		return server:dispatch(sproto.pack(header))
	end)
	try("dispatch unknown session", function()
		return client:dispatch(sproto.pack(sp:encode("package", { session = 77 })))
	end)
	try("dispatch empty", server.dispatch, server, "")
	try("attach unknown", request, "nosuch", {})
	skynet.sleep(10)
	skynet.abort()
end)
