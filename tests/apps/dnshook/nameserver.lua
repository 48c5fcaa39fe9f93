-- nameserver.lua: the app's own DNS server (UDP on app_port2): api.game.test is 127.0.0.1, every other name
-- is unknown (NXDOMAIN); it counts the questions it gets.
local skynet = require "skynet"
local socket = require "skynet.socket"

local questions = 0

-- the question's name (labels joined by dots) and where the question ends
local function question_of(packet)
	local labels, pos = {}, 13
	while packet:byte(pos) ~= 0 do
		local len = packet:byte(pos)
		labels[#labels + 1] = packet:sub(pos + 1, pos + len)
		pos = pos + len + 1
	end
	return table.concat(labels, "."), pos + 5
end

local function answer(query)
	local id = string.unpack(">H", query)
	local name, qend = question_of(query)
	local qtype = string.unpack(">H", query, qend - 4)
	local question = query:sub(13, qend - 1)
	if name == "api.game.test" and qtype == 1 then
		local record = string.pack(">HHHI4s2", 0xc00c, 1, 1, 300, "\127\0\0\1")
		return string.pack(">HHHHHH", id, 0x8180, 1, 1, 0, 0) .. question .. record
	end
	-- rcode 3: no such name
	return string.pack(">HHHHHH", id, 0x8183, 1, 0, 0, 0) .. question
end

skynet.start(function()
	local id
	id = socket.udp(function(data, from)
		questions = questions + 1
		socket.sendto(id, from, answer(data))
	end, "127.0.0.1", tonumber(skynet.getenv "app_port2"))
	skynet.dispatch("lua", function()
		skynet.ret(skynet.pack(questions))
	end)
end)
