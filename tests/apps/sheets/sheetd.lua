-- sheetd.lua: the datasheet builder (a uniqueservice): makes the monster sheet, and changes it on demand.
local skynet = require "skynet"
local builder = require "skynet.datasheet.builder"

local version = 1

local function monsters(v)
	local t = {
		version = v,
		orc = { hp = 10 * v, drops = { "axe", "gold" } },
		wolf = { hp = 5 + v, drops = { "fur" } },
		list = { "orc", "wolf" },
	}
	if v == 2 then
		t.dragon = { hp = 500, drops = { "scale", "gold", "egg" } }
		t.list[3] = "dragon"
	end
	if v >= 3 then
		t.wolf = nil -- wolves are gone in version 3
		t.list = { "orc" }
	end
	return t
end

skynet.start(function()
	builder.new("monsters", monsters(version))
	skynet.dispatch("lua", function(_, _, cmd)
		if cmd == "bump" then
			version = version + 1
			builder.update("monsters", monsters(version))
			skynet.error("sheetd: monsters version", version)
		end
		skynet.ret(skynet.pack(version))
	end)
end)
