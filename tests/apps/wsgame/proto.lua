-- proto.lua: the websocket game's sproto schemas, c2s (what players ask) and s2c (what the world pushes).
local sprotoparser = require "sprotoparser"

local proto = {}

proto.c2s = sprotoparser.parse [[
.package {
	type 0 : integer
	session 1 : integer
}

login 1 {
	request { name 0 : string }
	response { ok 0 : boolean  players 1 : integer }
}

move 2 {
	request { dx 0 : integer  dy 1 : integer }
	response { x 0 : integer  y 1 : integer }
}

chat 3 {
	request { text 0 : string }
}

where 4 {
	request { name 0 : string }
	response { found 0 : boolean  x 1 : integer  y 2 : integer }
}
]]

proto.s2c = sprotoparser.parse [[
.package {
	type 0 : integer
	session 1 : integer
}

moved 1 {
	request { name 0 : string  x 1 : integer  y 2 : integer }
}

said 2 {
	request { from 0 : string  text 1 : string }
}

kicked 3 {
	request { reason 0 : string }
}
]]

return proto
