-- cfgd.lua: the config server (a uniqueservice): loads the game's tables into sharetable and reloads them on demand.
local skynet = require "skynet"
local sharetable = require "skynet.sharetable"

local version = 1
local watchers = {} -- agents told of a reload, in the order they came

-- the items table as a config file's text; each version changes prices and adds an item
local function items_source(v)
	return string.format([[
local v = ...
return {
	version = v,
	weapons = { sword = { price = %d, damage = 7 }, bow = { price = %d, damage = 5 } },
	potions = { "small", "big", "huge"%s },
	%s
}]], 100 * v, 80 + v, string.rep(", \"extra\"", v - 1),
		v == 2 and "shields = { round = { price = 30 } }," or "")
end

local CMD = {}
local gone = {} -- indexes of agents whose clients left

function CMD.left(index)
	gone[#gone + 1] = index
end

function CMD.gone()
	return table.concat(gone, ",")
end

function CMD.watch(agent)
	watchers[#watchers + 1] = agent
end

-- reload: load a new version, then tell every watching agent that wants it (only the odd ones do)
function CMD.reload()
	version = version + 1
	sharetable.loadstring("items", items_source(version), version)
	-- in version 3 the names become one string: a sub-table kept from before becomes nil (not the string)
	sharetable.loadtable("levels", { cap = 10 * version, names = version < 3 and { "novice", "expert" } or "all" })
	for i, agent in ipairs(watchers) do
		if i % 2 == 1 then
			skynet.call(agent, "lua", "reloaded", version)
		end
	end
	skynet.error("cfgd: reloaded to version", version)
	return version
end

function CMD.broken()
	-- a config file with a syntax error: the loader's error reaches the caller
	sharetable.loadstring("broken", "return { oops = ")
end

skynet.start(function()
	sharetable.loadstring("items", items_source(version), version)
	sharetable.loadtable("levels", { cap = 10, names = { "novice", "expert" } })
	skynet.error("cfgd: loaded version", version)
	skynet.dispatch("lua", function(_, _, cmd, ...)
		local f = assert(CMD[cmd], cmd)
		skynet.ret(skynet.pack(f(...)))
	end)
end)
