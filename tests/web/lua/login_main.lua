-- login_main: lesson 41's login server and game gate (msgserver) left running for
-- test_login_attacks.py, which logs "listening login <port>" and "listening gate <port>".
local skynet = require "skynet"

skynet.start(function()
	local logind = skynet.newservice("logind")
	local gate = skynet.newservice("gated", logind)
	local gate_port = skynet.call(gate, "lua", "open", {
		address = "127.0.0.1", port = 0, maxclient = 64, servername = "cocos1",
		handshake_timeout = tonumber(skynet.getenv("gate_handshake_timeout")), -- nil: msgserver's 30 s
	})
	skynet.error(string.format("listening login %d", skynet.call(logind, "lua", "port")))
	skynet.error(string.format("listening gate %d", gate_port))
	-- msg_flood = N (a config key of test_login_attacks.py): a client that sends
	-- N requests to the gate without reading the answers
	local flood = skynet.getenv("msg_flood")
	if flood then
		skynet.newservice("msg_flood", skynet.call(logind, "lua", "port"), gate_port, flood,
			skynet.getenv("msg_flood_size") or 1)
	end
end)
