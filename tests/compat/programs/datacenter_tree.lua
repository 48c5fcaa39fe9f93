-- datacenter_tree: datacenter set/get of nested keys, tables as values, overwriting a branch, waits woken by set from another service, wakeups of several waiters, errors.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local datacenter = require "skynet.datacenter"

local mode = ...
local log = skynet.error

local function show(v)
	if type(v) ~= "table" then return tostring(v) end
	local keys = {}
	for k in pairs(v) do keys[#keys + 1] = k end
	table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
	local out = {}
	for _, k in ipairs(keys) do out[#out + 1] = tostring(k) .. "=" .. show(v[k]) end
	return "{" .. table.concat(out, ",") .. "}"
end

if mode == "setter" then
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, k1, k2, v)
			datacenter.set(k1, k2, v)
			skynet.retpack(true)
		end)
	end)
	return
end

skynet.start(function()
	datacenter.set("a", 1)
	datacenter.set("b", "c", "d", 2)
	log("get a", datacenter.get("a"))
	log("get b", show(datacenter.get("b")))
	log("get b c d", datacenter.get("b", "c", "d"))
	log("get missing", datacenter.get("nope"), datacenter.get("b", "x"), datacenter.get("b", "c", "x"))
	log("get through a leaf", pcall(datacenter.get, "a", "deeper"))
	datacenter.set("t", { x = 1, y = { z = 2 } })
	log("table value", show(datacenter.get("t")), datacenter.get("t", "y", "z"))
	log("set under a leaf", pcall(datacenter.set, "a", "child", 3))
	datacenter.set("b", "c", nil)
	log("after clearing a branch", show(datacenter.get("b")))
	local setter = skynet.newservice(SERVICE_NAME, "setter")
	local woken = {}
	for i = 1, 3 do
		skynet.fork(function()
			local v = datacenter.wait("w", "k")
			woken[#woken + 1] = i .. ":" .. tostring(v)
		end)
	end
	skynet.sleep(2)
	log("waiting", #woken)
	skynet.call(setter, "lua", "w", "k", "value")
	skynet.sleep(2)
	table.sort(woken)
	log("woken", table.concat(woken, " "))
	log("wait on an existing key", datacenter.wait("w", "k"))
	log("wait on a branch", pcall(datacenter.wait, "b"))
	skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
	skynet.abort()
end)
