-- reader: queries the shared world once and reads a little of it on each request.
local skynet = require "skynet"
local sharedata = require "skynet.sharedata"

local id = ...
local world

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd)
		if cmd == "bye" then
			skynet.exit()
			return
		end
		world = world or sharedata.query("world")
		-- lesson 20.5: an index on the proxy reads the one shared copy; only what is read lands here
		local zone = world.zones[tonumber(id) * 100]
		skynet.error(string.format("reader %s sees world version %d: %s (level %d), %d KiB in this service",
			id, world.version, zone.name, zone.level, collectgarbage("count") // 1))
		skynet.retpack(world.version)
	end)
end)
