-- main: parses the schema once for the whole process (sprotoloader), then starts
-- lesson 03's watchdog and gate on a free port, and a client.
local skynet = require "skynet"
local sprotoparser = require "sprotoparser"
local sprotoloader = require "sprotoloader"

skynet.start(function()
	-- lesson 31.1: the schema text becomes a binary once; every agent loads it from slot 1
	sprotoloader.save(sprotoparser.parse(require "proto"), 1)
	local watchdog = skynet.newservice("watchdog")
	local _, port = skynet.call(watchdog, "lua", "start", {
		address = "127.0.0.1", port = 0, maxclient = 16, nodelay = true,
	})
	skynet.error("gate listening on port " .. tostring(port))
	skynet.newservice("client", port)
end)
