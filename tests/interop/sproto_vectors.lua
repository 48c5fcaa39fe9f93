-- sproto_vectors: schema binaries, encodings and packings of a fixed set of
-- schemas and values, printed as "SP <name> <hex>" lines. It runs as a skyglass
-- service (then it prints with skynet.error and ends the process) or as a plain
-- script under skynet's Lua with skynet's sproto; run_sproto.sh compares the two.
local ok_skynet, skynet = pcall(require, "skynet")
if ok_skynet and not skynet.start then ok_skynet = false end
local parser = require "sprotoparser"
local sproto = require "sproto"

local function hex(s)
	return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end

local schemas = {
	simple = ".P { n 0 : string }",
	addressbook = [[
.Person {
	name 0 : string
	id 1 : integer
	email 2 : string
	.PhoneNumber {
		number 0 : string
		type 1 : integer
	}
	phone 3 : *PhoneNumber
	height 4 : integer(2)
	data 5 : binary
	weight 6 : double
	map 7 : *PhoneNumber()
	keyed 9 : *PhoneNumber(number)
}
.AddressBook { person 0 : *Person }
.package { type 0 : integer session 1 : integer ud 2 : string }
foobar 1 {
	request Person
	response { ok 0 : boolean }
}
foo 2 { response nil }
bar 3 {}
blackhole 4 { request { } }
]],
}

local dump = require "dump"

-- The cases past the byte vectors: decoded values, defaults, rpc with sessions,
-- arrays of every kind, big integers, decimals and main-index maps.
local more_schema = [[
.Item { id 0 : integer name 1 : string }
.Pair { key 0 : integer value 1 : string }
.All {
	ints 0 : *integer
	bools 1 : *boolean
	strs 2 : *string
	dbls 3 : *double
	decs 4 : *integer(3)
	items 5 : *Item
	byid 6 : *Item(id)
	byname 7 : *Item(name)
	pairs 8 : *Pair()
	dec 9 : integer(2)
	one 10 : Item
	bins 11 : *binary
	n 12 : integer
	big 13 : integer
}
.package { type 0 : integer session 1 : integer ud 2 : integer }
login 1 {
	request { user 0 : string items 1 : *Item }
	response { ok 0 : boolean code 1 : integer(2) }
}
bye 2 { request { why 0 : string } }
ping 3 { response { t 0 : integer } }
]]

local function more(out)
	local sp = sproto.parse(more_schema)
	out("SP default_All " .. dump(sp:default("All")))
	out("SP default_Item " .. dump(sp:default("Item")))
	out("SP default_login_req " .. dump(sp:default("login", "REQUEST")))
	out("SP default_login_resp " .. dump(sp:default("login", "RESPONSE")))
	out("SP default_bye_resp " .. dump(sp:default("bye", "RESPONSE")))
	local values = {
		{ "ints", { ints = { 1, -1, 0, 0x7fffffff, -0x80000000 } } },
		{ "ints_wide", { ints = { 1, 0x80000000, -0x80000001, math.maxinteger, math.mininteger } } },
		{ "bools", { bools = { true, false, true } } },
		{ "strs", { strs = { "", "a", string.rep("z", 40) }, bins = { "\0\255", "" } } },
		{ "dbls", { dbls = { 0.5, -1.25, 1e300, 0.1 } } },
		{ "decs", { decs = { 1.5, -0.001, 2, 1234.5678 }, dec = 3.14159 } },
		{ "dec_neg", { dec = -2.005 } },
		{ "items", { items = { { id = 1, name = "a" }, {}, { id = 1 << 33 } } } },
		{ "byid", { byid = { [7] = { id = 7, name = "seven" } } } },
		{ "byname", { byname = { k = { id = 1, name = "k" } } } },
		{ "pairs", { pairs = { [5] = "five" } } },
		{ "one", { one = { id = 3 }, n = 0, big = math.maxinteger } },
		{ "negsmall", { n = -1, big = math.mininteger } },
		{ "empty_arrays", { ints = {}, items = {}, strs = {} } },
	}
	for _, v in ipairs(values) do
		local bin = sp:encode("All", v[2])
		out("SP more_enc_" .. v[1] .. " " .. hex(bin))
		out("SP more_pack_" .. v[1] .. " " .. hex(sproto.pack(bin)))
		out("SP more_dec_" .. v[1] .. " " .. dump((sp:decode("All", bin))))
		out("SP more_unpack_" .. v[1] .. " " .. hex(sproto.unpack(sproto.pack(bin))))
	end
	-- several keys in a map: compare what decodes, not the order pairs() gave
	local many = sp:encode("All", { pairs = { [1] = "x", [2] = "y", [3] = "z" }, byid = { [1] = { id = 1 }, [2] = { id = 2 } } })
	out("SP more_dec_manykeys " .. dump((sp:decode("All", many))))

	-- rpc with sessions, both ways: a client host attached to the schema, a server host
	local server = sp:host "package"
	local client = sp:host "package"
	local request = client:attach(sp)
	local req = request("login", { user = "ann", items = { { id = 1, name = "x" } } }, 7, 99)
	out("SP rpc_login " .. hex(req))
	local kind, name, args, respond, ud = server:dispatch(req)
	out("SP rpc_login_dispatch " .. dump({ kind, name, args, type(respond), ud }))
	local resp = respond({ ok = true, code = 1.5 }, 100)
	out("SP rpc_login_response " .. hex(resp))
	local rkind, session, rargs, rud = client:dispatch(resp)
	out("SP rpc_login_answer " .. dump({ rkind, session, rargs, rud }))
	local bye = request("bye", { why = "done" })
	out("SP rpc_bye " .. hex(bye))
	kind, name, args, respond, ud = server:dispatch(bye)
	out("SP rpc_bye_dispatch " .. dump({ kind, name, args, type(respond), ud }))
	local ping = request("ping", nil, 8)
	out("SP rpc_ping " .. hex(ping))
	kind, name, args, respond = server:dispatch(ping)
	out("SP rpc_ping_dispatch " .. dump({ kind, name, args or "nil", type(respond) }))
	resp = respond({ t = 42 })
	out("SP rpc_ping_response " .. hex(resp))
	out("SP rpc_ping_answer " .. dump({ client:dispatch(resp) }))
	-- a request with no session: no response function; request_encode/decode
	local body, tag = sp:request_encode("login", { user = "bob" })
	out("SP request_encode " .. hex(body) .. " " .. tag)
	out("SP request_decode " .. dump({ sp:request_decode("login", body) }))
	out("SP response_encode " .. hex(sp:response_encode("login", { ok = false })))
	out("SP response_decode " .. dump(sp:response_decode("login", sp:response_encode("login", { code = 2 }))))
	out("SP exist " .. dump({ sp:exist_proto("login"), sp:exist_proto("nope"), sp:exist_type("Item"), sp:exist_type("Nope") }))
	-- packing: runs of 0xff groups, groups with 6 and 7 non-zero bytes, tails
	local packs = {
		string.rep("\255", 8 * 3),
		string.rep("\255", 7) .. "\0" .. string.rep("\255", 16),
		string.rep("\1\2\3\4\5\6\0\0", 3),
		string.rep("\255", 8) .. "\1\2\3\4\5\6\7\0" .. string.rep("\255", 8),
		"\1\2\3",
		"",
		string.rep("\0", 17),
		string.rep("\255", 8 * 257),
	}
	for i, s in ipairs(packs) do
		local packed = sproto.pack(s)
		out("SP packcase_" .. i .. " " .. hex(packed))
		out("SP unpackcase_" .. i .. " " .. hex(sproto.unpack(packed)))
	end
	-- garbage: both refuse (the texts differ; that one raises is what counts)
	for i, s in ipairs { "\1", "\3\0\0\0\0\0\0\0", "\255\255\255" } do
		local ok = pcall(sp.decode, sp, "All", s)
		out("SP garbage_decode_" .. i .. " " .. tostring(ok))
		ok = pcall(server.dispatch, server, s)
		out("SP garbage_dispatch_" .. i .. " " .. tostring(ok))
	end
end

local function run(out)
	for _, name in ipairs { "simple", "addressbook" } do
		out("SP schema_" .. name .. " " .. hex(parser.parse(schemas[name])))
	end
	local sp = sproto.parse(schemas.addressbook)
	local values = {
		{ "alice", { name = "Alice", id = 10000, phone = { { number = "123456789", type = 1 }, { number = "87654321", type = 2 } } } },
		{ "numbers", { id = -1, height = 1.82, weight = 0.5, data = "\0\1\2" } },
		{ "big", { id = 1 << 40, email = string.rep("e", 300) } },
		{ "negative", { id = -100000 } },
		{ "edge", { id = 0x7ffe } },
		{ "edge2", { id = 0x7fff } },
		{ "onekey", { map = { ["1"] = 2 }, keyed = { x = { number = "x", type = 3 } } } },
	}
	for _, v in ipairs(values) do
		local bin = sp:encode("Person", v[2])
		out("SP enc_" .. v[1] .. " " .. hex(bin))
		out("SP pack_" .. v[1] .. " " .. hex(sproto.pack(bin)))
	end
	local host = sp:host "package"
	local req = host:attach(sp)
	out("SP rpc_request " .. hex(req("foobar", { name = "x" }, 1, "ud")))
	out("SP rpc_nosession " .. hex(req("bar")))
	local packed = sproto.pack(string.rep("\7", 8 * 300) .. "\0\0\1")
	out("SP pack_longrun " .. #packed .. " " .. hex(packed:sub(1, 4)) .. " " .. hex(packed:sub(-8)))
	more(out)
	out("SP done")
end

if ok_skynet then
	require "skynet.manager"  -- skynet.abort
	skynet.start(function()
		run(skynet.error)
		-- skynet's logger is a service: give it time to write the lines before the
		-- process ends (abort does not wait for it).
		skynet.sleep(50)
		skynet.abort()
	end)
else
	run(print)
end
