-- main.lua: the chat room's start: saves the protocols for the agents, starts a room and the watchdog.
local skynet = require "skynet"
local sprotoloader = require "sprotoloader"
local proto = require "proto"

skynet.start(function()
	sprotoloader.save(proto.c2s, 1)
	sprotoloader.save(proto.s2c, 2)
	skynet.newservice("room", "lobby")
	local watchdog = skynet.newservice("watchdog")
	local port = tonumber(skynet.getenv "app_port")
	skynet.call(watchdog, "lua", "start", { address = "127.0.0.1", port = port, maxclient = 8, nodelay = true })
	skynet.error("ready")
	-- no skynet.exit(): on skynet the last service holding sproto.core unloads it,
	-- and the saved slots go with it (agents then fail "nil sproto at index 1")
end)
