-- shared_data: sharedata new/query/update/delete and sharetable loadtable/query/update read by several services.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local sharedata = require "skynet.sharedata"
local sharetable = require "skynet.sharetable"

local mode, arg = ...
local log = skynet.error

local function show(t, depth)
	depth = depth or 0
	if type(t) ~= "table" and type(t) ~= "userdata" then return tostring(t) end
	local keys = {}
	for k in pairs(t) do keys[#keys + 1] = k end
	table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
	local out = {}
	for _, k in ipairs(keys) do
		local v = t[k]
		if type(v) == "table" and depth < 3 then v = show(v, depth + 1) end
		out[#out + 1] = tostring(k) .. "=" .. tostring(v)
	end
	return "{" .. table.concat(out, ",") .. "}"
end

if mode == "reader" then
	skynet.start(function()
		local obj = sharedata.query "config"
		skynet.dispatch("lua", function(_, _, cmd)
			if cmd == "read" then
				skynet.retpack(obj.name, obj.level, obj.list and #obj.list, obj.sub and obj.sub.x)
			elseif cmd == "deep" then
				skynet.retpack(show(sharedata.deepcopy("config")))
			elseif cmd == "flush" then
				sharedata.flush()
				skynet.retpack(true)
			elseif cmd == "table" then
				local t = sharetable.query("tbl")
				skynet.retpack(t.a, t.b and t.b[2], t.nested and t.nested.deep)
			end
		end)
	end)
	return
end

skynet.start(function()
	sharedata.new("config", { name = "first", level = 1, list = { 1, 2, 3 }, sub = { x = "sx" } })
	local readers = {}
	for i = 1, 3 do
		readers[i] = skynet.newservice(SERVICE_NAME, "reader", i)
	end
	for i = 1, 3 do log("reader", i, skynet.call(readers[i], "lua", "read")) end
	local mine = sharedata.query "config"
	log("mine", mine.name, mine.level, #mine.list, mine.sub.x)
	log("len/ipairs", #mine.list, (function()
		local s = {}
		for i, v in ipairs(mine.list) do s[#s + 1] = i .. ":" .. v end
		return table.concat(s, " ")
	end)())
	log("next", next(mine.list) ~= nil)
	-- raised from sharedata's corelib.lua, with its position, on both
	local ok, err = pcall(function() mine.level = 5 end)
	log("write to shared", ok, err)
	sharedata.update("config", { name = "second", level = 2, list = { 9 }, sub = { x = "new" } })
	skynet.sleep(10)
	for i = 1, 3 do log("after update", i, skynet.call(readers[i], "lua", "read")) end
	log("mine after update", mine.name, mine.level, #mine.list, mine.sub.x)
	log("deepcopy", skynet.call(readers[1], "lua", "deep"))
	-- a string of Lua code as the value
	sharedata.new("code", "return { a = 1, b = { 'x', 'y' } }")
	log("code", show(sharedata.deepcopy("code")))
	sharedata.delete("code")
	log("query deleted", pcall(sharedata.query, "code"))
	log("new twice", pcall(sharedata.new, "config", {}))
	-- sharetable
	sharetable.loadtable("tbl", { a = 1, b = { "p", "q" }, nested = { deep = true } })
	for i = 1, 3 do log("sharetable", i, skynet.call(readers[i], "lua", "table")) end
	local t = sharetable.query("tbl")
	log("sharetable here", t.a, t.b[1], #t.b)
	sharetable.loadstring("tbl2", "return { k = 'v', n = 42 }")
	log("loadstring", show(sharetable.query("tbl2")))
	sharetable.loadtable("tbl", { a = 2, b = { "r" } })
	sharetable.update("tbl")
	skynet.sleep(10)
	log("sharetable after update", skynet.call(readers[1], "lua", "table"))
	local many = sharetable.queryall({ "tbl", "tbl2" })
	log("queryall", show(many.tbl), show(many.tbl2))
	log("query missing", pcall(sharetable.query, "nosuch"))
	skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
	skynet.abort()
end)
