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
