-- msg_flood: logs in to lesson 41's game gate (msgserver) and sends requests without reading the answers, for test_login_attacks.py.
local skynet = require "skynet"
local socket = require "skynet.socket"
local lc = require "loginclient"

local login_port, gate_port, count, size = ...
local body = string.rep("x", tonumber(size) or 1) -- each request's content (its echo comes back)
local per_write = #body > 1000 and 4 or 1000

skynet.start(function()
	local code, subid, secret = lc.login(tonumber(login_port), "test1", "cocos1", "123")
	assert(code == "200", code)
	local fd, answer = lc.connect_gate(tonumber(gate_port), "test1", "cocos1", subid, 1, secret)
	skynet.error("msg_flood: gate handshake " .. tostring(answer))
	local batch = {}
	for session = 1, tonumber(count) do
		batch[#batch + 1] = string.pack(">s2", body .. string.pack(">I4", session))
		if #batch == per_write then
			socket.write(fd, table.concat(batch))
			batch = {}
			-- large requests are paced (4 every 10 ms at most: 24 MB/s of 60 KB), so
			-- that the agent keeps up and only the unread answers pile up
			if per_write == 4 then skynet.sleep(1) else skynet.yield() end
		end
	end
	socket.write(fd, table.concat(batch))
	skynet.error("msg_flood: sent " .. count)
end)
