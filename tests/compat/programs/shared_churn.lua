-- shared_churn: sharedata updated many times while readers in other services hold the object and its sub-tables (old sub-tables after their key went away, len/ipairs/pairs of arrays, nested identity, values changing type), and sharetable reloaded while readers hold an old table.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local sharedata = require "skynet.sharedata"
local sharetable = require "skynet.sharetable"

local mode = ...
local log = skynet.error

local function sorted_keys(t)
	local keys = {}
	for k in pairs(t) do keys[#keys + 1] = tostring(k) end
	table.sort(keys)
	return table.concat(keys, ",")
end

if mode == "reader" then
	local obj, sub, list, st
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, cmd, want)
			if cmd == "hold" then
				obj = sharedata.query "churn"
				sub = obj.sub
				list = obj.list
				st = sharetable.query "stbl"
				skynet.retpack(obj.version, sub.name, #list)
			elseif cmd == "look" then
				-- the update reaches a reader through its monitor call to
				-- sharedatad, racing our request: wait for the version wanted
				for _ = 1, 200 do
					if obj.version == want then break end
					skynet.sleep(1)
				end
				local n = 0
				for _ in ipairs(obj.list) do n = n + 1 end
				local ok, name = pcall(function() return sub.name end)
				skynet.retpack(obj.version, type(obj.value), #obj.list, n, sorted_keys(obj), ok, ok and name or "err",
					#list, obj.sub == sub)
			elseif cmd == "stbl" then
				local fresh = sharetable.query "stbl"
				skynet.retpack(st.v, fresh.v, st == fresh)
			end
		end)
	end)
	return
end

skynet.start(function()
	sharedata.new("churn", { version = 0, value = 1, list = { 1, 2, 3 }, sub = { name = "s0" } })
	sharetable.loadtable("stbl", { v = 1 })
	local readers = {}
	for i = 1, 3 do
		readers[i] = skynet.newservice(SERVICE_NAME, "reader")
		log("hold", i, skynet.call(readers[i], "lua", "hold"))
	end
	-- many updates in a row, then the readers look
	for v = 1, 50 do
		local t = { version = v, value = (v % 2 == 0) and v or ("s" .. v), list = {}, sub = { name = "s" .. v } }
		for j = 1, v % 7 do t.list[j] = j * v end
		if v % 10 == 0 then t.extra = v end
		sharedata.update("churn", t)
	end
	sharedata.flush()
	for i = 1, 3 do
		log("look", i, skynet.call(readers[i], "lua", "look", 50))
	end
	-- a sub-table's key removed
	sharedata.update("churn", { version = 51, value = false, list = { "x" } })
	sharedata.flush()
	log("sub gone", skynet.call(readers[1], "lua", "look", 51))
	-- sharetable reloaded while held
	sharetable.loadtable("stbl", { v = 2 })
	sharetable.update("stbl")
	log("stbl", skynet.call(readers[2], "lua", "stbl"))
	skynet.sleep(20)
	skynet.abort()
end)
