-- first_use_storm: many tasks doing something for the first time at once: sharedata.query and sharetable.query of one name, datacenter.wait on one key, snax.uniqueservice of one snax service, skynet.require of one module that sleeps, and the lazily loaded parts of skynet (response, rawcall, stat) reached from ten tasks together.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local sharedata = require "skynet.sharedata"
local sharetable = require "skynet.sharetable"
local datacenter = require "skynet.datacenter"
local snax = require "skynet.snax"
local log = skynet.error

local mode = ...

if mode == "helper" then
	skynet.start(function()
		local held = {}
		skynet.dispatch("lua", function(_, _, cmd)
			if cmd == "hold" then
				held[#held + 1] = skynet.response()
				if #held == 10 then
					for i, r in ipairs(held) do r(true, i) end
				end
			else
				skynet.retpack("helper", cmd)
			end
		end)
	end)
	return
end

local storm = require "compat_storm"

local function summary(results)
	local count = {}
	local keys = {}
	for _, r in ipairs(results) do
		if not count[r] then keys[#keys + 1] = r end
		count[r] = (count[r] or 0) + 1
	end
	table.sort(keys)
	for i, k in ipairs(keys) do keys[i] = k .. " x" .. count[k] end
	return table.concat(keys, "; ")
end

skynet.start(function()
	sharedata.new("storm", { v = 7 })
	log("sharedata.query", summary(storm(10, function() return sharedata.query("storm").v end)))
	sharetable.loadtable("stormt", { v = 8 })
	log("sharetable.query", summary(storm(10, function() return sharetable.query("stormt").v end)))
	skynet.fork(function() skynet.sleep(2) datacenter.set("storm", "key", "set") end)
	local waiters = storm(1, function()
		local inner = storm(5, function() return datacenter.wait("storm", "key") end)
		return summary(inner)
	end)
	log("datacenter.wait", waiters[1])
	log("snax.uniqueservice", summary(storm(6, function()
		local obj = snax.uniqueservice("snax_life_svc", "unique")
		return obj.handle == snax.queryservice("snax_life_svc").handle
	end)))
	log("skynet.require", summary(storm(5, function() return require("require_cycles_slow").name end)))
	local helper = skynet.newservice(SERVICE_NAME, "helper")
	log("held responses", summary(storm(10, function(i) return skynet.call(helper, "lua", "hold") > 0 end)))
	log("rawcall", summary(storm(10, function()
		return skynet.unpack(skynet.rawcall(helper, "lua", skynet.pack("raw")))
	end)))
	log("stat", summary(storm(10, function() return math.type(skynet.stat("message")) end)))
	skynet.sleep(20)
	skynet.abort()
end)
