-- launcher_calls: the launcher's commands called directly, as tools built on it do: LIST (this program's
-- services and their arguments), STAT and MEM answered by every service (the fields, not the figures),
-- KILL of a service (its entry and after), commands in lower case, an unknown command, a text command
-- that is not one, LAUNCH and LOGLAUNCH of a missing service, QUERY of a session nobody launched.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local mode = ...

if mode == "idle" then
	skynet.start(function() end)
	return
end

local function try(what, f, ...)
	skynet.error(what, pcall(f, ...))
end

-- This program's entries of a launcher list, sorted: "name args" or, for STAT and MEM, the kinds of value.
local function mine(list, shape)
	local out = {}
	for addr, v in pairs(list) do
		local text = type(v) == "string" and v or ""
		if shape then
			text = shape(v)
		end
		if type(v) ~= "string" or v:find("launcher_calls") or not shape then
			out[#out + 1] = text
		end
	end
	table.sort(out)
	return table.concat(out, " | ")
end

skynet.start(function()
	local a = skynet.newservice(SERVICE_NAME, "idle", "first arg")
	local b = skynet.newservice(SERVICE_NAME, "idle", 2, 3.5)
	local list = skynet.call(".launcher", "lua", "LIST")
	local names = {}
	for _, v in pairs(list) do
		if v:find("launcher_calls") then names[#names + 1] = v end
	end
	table.sort(names)
	skynet.error("list", table.concat(names, " | "))
	skynet.error("list keys are addresses", type(next(list)), (next(list)):sub(1, 1))
	local stat = skynet.call(".launcher", "lua", "STAT")
	local s = stat[skynet.address(a)]
	local keys = {}
	for k in pairs(s) do keys[#keys + 1] = k end
	table.sort(keys)
	skynet.error("stat of an idle service", table.concat(keys, " "), math.type(s.mqlen), s.task)
	local mem = skynet.call(".launcher", "lua", "mem")
	skynet.error("mem of an idle service", (mem[skynet.address(b)]:gsub("[%d%.]+ Kb", "N Kb")))
	skynet.error("kill", mine(skynet.call(".launcher", "lua", "KILL", a)))
	local after = skynet.call(".launcher", "lua", "LIST")
	skynet.error("after kill", after[skynet.address(a)], after[skynet.address(b)])
	try("unknown command", function() return skynet.call(".launcher", "lua", "NOSUCH")[1] end)
	skynet.register_protocol { name = "text", id = skynet.PTYPE_TEXT, pack = function(...) return ... end }
	skynet.send(".launcher", "text", "BOGUS")
	try("launch a missing service", skynet.call, ".launcher", "lua", "LAUNCH", "snlua", "no_such_service_here")
	try("query a session", skynet.call, ".launcher", "lua", "QUERY", 123456)
	skynet.sleep(20)
	skynet.abort()
end)
