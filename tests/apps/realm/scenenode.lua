-- scenenode.lua: the realm's scene node (harbor 2): registers SCENE, a global name, and tells the world.
local skynet = require "skynet"
require "skynet.manager" -- skynet.register

local places = {}
local world

local CMD = {}

function CMD.enter(name)
	places[name] = "town"
	skynet.send(world, "lua", "arrived", name)
	return string.format("%s entered the town on harbor %d", name, skynet.harbor(skynet.self()))
end

function CMD.where(name)
	return places[name] or "nowhere"
end

function CMD.boom(name)
	error("the scene cannot " .. name)
end

skynet.start(function()
	world = skynet.uniqueservice(true, "world")
	skynet.dispatch("lua", function(_, _, cmd, ...)
		local f = assert(CMD[cmd], cmd)
		skynet.ret(skynet.pack(f(...)))
	end)
	skynet.register("SCENE")
	skynet.error("ready")
end)
