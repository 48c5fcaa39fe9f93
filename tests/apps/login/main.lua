-- main.lua: the login app's start: a login server and one game server ("arena") behind it.
local skynet = require "skynet"

skynet.start(function()
	local logind = skynet.newservice("logind")
	local gamed = skynet.newservice("gamed", logind)
	skynet.call(gamed, "lua", "open", {
		address = "127.0.0.1",
		port = tonumber(skynet.getenv "app_port2"),
		maxclient = 64,
		servername = "arena",
	})
	skynet.error("ready")
end)
