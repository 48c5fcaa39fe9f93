-- msg_flood: logs in to lesson 41's game gate (msgserver) and sends requests without reading the answers, for test_login_attacks.py.
local skynet = require "skynet"
local socket = require "skynet.socket"
local lc = require "loginclient"

local login_port, gate_port, count = ...

skynet.start(function()
	local code, subid, secret = lc.login(tonumber(login_port), "test1", "cocos1", "123")
	assert(code == "200", code)
	local fd, answer = lc.connect_gate(tonumber(gate_port), "test1", "cocos1", subid, 1, secret)
	skynet.error("msg_flood: gate handshake " .. tostring(answer))
	local batch = {}
	for session = 1, tonumber(count) do
		batch[#batch + 1] = string.pack(">s2", "x" .. string.pack(">I4", session))
		if #batch == 1000 then
			socket.write(fd, table.concat(batch))
			batch = {}
			skynet.yield()
		end
	end
	socket.write(fd, table.concat(batch))
	skynet.error("msg_flood: sent " .. count)
end)
