-- agent.lua: one client's agent: reads the config through sharetable, holding sub-tables in locals as game code does.
local skynet = require "skynet"
local socket = require "skynet.socket"
local sharetable = require "skynet.sharetable"
require "skynet.manager" -- skynet.abort

local fd, index = tonumber((...)), tonumber((select(2, ...)))
local items, levels
local weapons -- a sub-table kept in an upvalue: sharetable.update must reach it too
local held = {} -- sub-tables kept in a table of the agent's own, as a cache would
local seen_version

local function sorted_keys(t)
	local keys = {}
	for k in pairs(t) do
		keys[#keys + 1] = tostring(k)
	end
	table.sort(keys)
	return table.concat(keys, ",")
end

local function answer(cmd, arg)
	if cmd == "price" then
		local w = weapons[arg]
		return w and string.format("%s %d dmg %d", arg, w.price, w.damage) or ("no " .. arg)
	elseif cmd == "version" then
		return string.format("items v%d levels cap %d told %s", items.version, levels.cap, tostring(seen_version))
	elseif cmd == "keys" then
		return sorted_keys(items) .. " / " .. sorted_keys(weapons)
	elseif cmd == "potions" then
		local names = {}
		for i, p in ipairs(items.potions) do
			names[i] = p
		end
		return #items.potions .. " " .. table.concat(names, ",") .. " next " .. tostring(next(items.potions) ~= nil)
	elseif cmd == "held" then
		-- what the cached sub-tables read now: a sword (still in each version), the shields (gone in version 3)
		local shields = held.shields
		return string.format("sword %d, shields %s, round %s, as key %s, names %s", held.sword.price,
			tostring(shields ~= nil), shields and tostring(shields.round and shields.round.price) or "-",
			tostring(held[weapons] or "-"), tostring(held.names and held.names[1]))
	elseif cmd == "hold" then
		held.sword = weapons.sword
		held.shields = items.shields
		held[weapons] = "weapons as a key"
		held.names = levels.names
		return "holding"
	elseif cmd == "len" then
		local n = 0
		for _ in ipairs(items.potions) do
			n = n + 1
		end
		return string.format("# %d, ipairs %d, last %s", #items.potions, n, items.potions[#items.potions])
	elseif cmd == "shield" then
		local s = items.shields
		return s and ("round " .. s.round.price) or "no shields"
	elseif cmd == "missing" then
		return "query of nothing gives " .. select("#", sharetable.query("nothing")) .. " values"
	elseif cmd == "all" then
		local all = sharetable.queryall { "items", "levels" }
		return "queryall " .. sorted_keys(all) .. " cap " .. all.levels.cap .. " " .. all.levels.names[2]
	elseif cmd == "reload" then
		return "reloaded to " .. skynet.call(skynet.uniqueservice("cfgd"), "lua", "reload")
	elseif cmd == "broken" then
		local ok, err = pcall(skynet.call, skynet.uniqueservice("cfgd"), "lua", "broken")
		return "broken " .. tostring(ok) .. " " .. tostring(err ~= nil)
	elseif cmd == "gone" then
		return "gone " .. skynet.call(skynet.uniqueservice("cfgd"), "lua", "gone")
	elseif cmd == "shutdown" then
		skynet.abort()
		return nil -- nothing is written: the node is ending
	end
	return "unknown " .. tostring(cmd)
end

local CMD = {}

-- the config server's news: this agent swaps its tables for the new version
function CMD.reloaded(v)
	sharetable.update("items", "levels")
	seen_version = v
	skynet.error(string.format("agent %d: updated to %d, sword %d", index, v, weapons.sword.price))
end

skynet.start(function()
	items = sharetable.query("items")
	levels = sharetable.query("levels")
	weapons = items.weapons
	skynet.dispatch("lua", function(_, _, cmd, ...)
		local f = assert(CMD[cmd], cmd)
		skynet.ret(skynet.pack(f(...)))
	end)
	skynet.fork(function()
		socket.start(fd)
		while true do
			local line = socket.readline(fd)
			if not line then
				skynet.error("agent " .. index .. ": client left")
				skynet.call(skynet.uniqueservice("cfgd"), "lua", "left", index)
				skynet.exit()
				return
			end
			local cmd, arg = line:match "^(%S+)%s*(.*)$"
			local r = answer(cmd, arg)
			if r then
				socket.write(fd, r .. "\n")
			end
		end
	end)
end)
