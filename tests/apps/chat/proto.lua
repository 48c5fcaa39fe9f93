-- proto.lua: the chat room's sproto schemas, c2s (what clients ask) and s2c (what the server pushes).
local sprotoparser = require "sprotoparser"

local proto = {}

proto.c2s = sprotoparser.parse [[
.package {
	type 0 : integer
	session 1 : integer
}

login 1 {
	request { name 0 : string }
	response { ok 0 : boolean  greeting 1 : string }
}

join 2 {
	request { room 0 : string }
	response { members 0 : integer }
}

say 3 {
	request { text 0 : string }
	response { delivered 0 : integer }
}

announce 4 {
	request { text 0 : string }
}

shutdown 5 {}
]]

proto.s2c = sprotoparser.parse [[
.package {
	type 0 : integer
	session 1 : integer
}

message 1 {
	request { from 0 : string  text 1 : string }
}

notice 2 {
	request { text 0 : string }
}
]]

return proto
