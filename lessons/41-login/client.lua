-- client: logs in as test1 on server cocos1 with password 123 (the token of the
-- seed's log: dGVzdDE=@Y29jb3Mx:MTIz), then talks to the game server, drops the
-- connection and comes back with the next index.
local skynet = require "skynet"
require "skynet.manager" -- skynet.abort
local socket = require "skynet.socket"
local lc = require "loginclient"

local login_port, gate_port = ...

skynet.start(function()
	local code, subid, secret = lc.login(tonumber(login_port), "test1", "cocos1", "123")
	skynet.error(string.format("client: login %s, subid %s", code, tostring(subid)))
	assert(code == "200", code)

	local fd, answer = lc.connect_gate(tonumber(gate_port), "test1", "cocos1", subid, 1, secret)
	skynet.error("client: gate handshake " .. tostring(answer))
	for session, text in ipairs { "hello", "world" } do
		local reply, ok = lc.request(fd, text, session)
		skynet.error(string.format("client: session %d -> %s (%s)", session, reply, ok and "ok" or "error"))
	end
	socket.close(fd)

	-- Reconnect: the same secret, a larger index (an old index would be a replay).
	fd, answer = lc.connect_gate(tonumber(gate_port), "test1", "cocos1", subid, 2, secret)
	skynet.error("client: reconnect handshake " .. tostring(answer))
	local reply = lc.request(fd, "again", 3)
	skynet.error("client: session 3 -> " .. tostring(reply))
	socket.close(fd)

	local bad = lc.login(tonumber(login_port), "test1", "cocos1", "wrong password")
	skynet.error("client: login with a wrong password: " .. tostring(bad))
	skynet.sleep(10)
	skynet.abort(0)
end)
