-- sharetable_update: what sharetable.update does to the sub-tables a service kept from the old version: those the
-- new version still has read it; those it dropped (or whose key now holds a string) become nil wherever they were
-- kept: an upvalue, a table's value and key, a local of a suspended coroutine, a metatable's field.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
local sharetable = require "skynet.sharetable"

local log = skynet.error

local kept_sword -- an upvalue
local cache = {}

skynet.start(function()
	sharetable.loadtable("cfg", { items = { sword = { price = 1 }, shield = { price = 2 }, bag = { "a", "b" } },
		level = 1 })
	local cfg = sharetable.query("cfg")
	kept_sword = cfg.items.sword
	cache.shield = cfg.items.shield
	cache[cfg.items.bag] = "bag as a key"
	cache.deep = { { cfg.items.shield } }
	local meta = setmetatable({}, { kept = cfg.items.shield })
	local co = coroutine.running()
	local waiter = skynet.fork(function()
		local mine = cfg.items.shield -- a local while suspended
		local items = cfg.items
		skynet.wait()
		log("coroutine local after update:", tostring(mine), "items.sword", items.sword.price)
		skynet.wakeup(co)
	end)
	skynet.yield()
	sharetable.loadtable("cfg", { items = { sword = { price = 10 }, bag = "bag is a string now" }, level = 2 })
	sharetable.update("cfg")
	log("level", cfg.level, "upvalue sword", kept_sword and kept_sword.price)
	log("cache.shield", tostring(cache.shield), "deep", tostring(cache.deep[1][1]))
	local keys = {}
	for k, v in pairs(cache) do
		keys[#keys + 1] = type(k) .. "=" .. type(v)
	end
	table.sort(keys)
	log("cache keys", table.concat(keys, " "))
	log("metatable field", tostring(getmetatable(meta).kept))
	log("items.shield", tostring(cfg.items.shield), "items.bag", cfg.items.bag)
	skynet.wakeup(waiter)
	skynet.wait()
	skynet.exit()
end)
