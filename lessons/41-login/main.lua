-- main: starts the login server and one game server (gate), then a client that
-- logs in through the first and plays through the second.
local skynet = require "skynet"

skynet.start(function()
	local logind = skynet.newservice("logind")
	local login_port = skynet.call(logind, "lua", "port")
	local gate = skynet.newservice("gated", logind)
	-- The gate registers itself with the login server under its servername.
	local gate_port = skynet.call(gate, "lua", "open", {
		address = "127.0.0.1", port = 0, maxclient = 64, servername = "cocos1",
	})
	skynet.newservice("client", login_port, gate_port)
end)
