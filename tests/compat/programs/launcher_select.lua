-- launcher_select: the launcher's STAT and MEM with a time limit while one service holds its debug answer
-- (TIMEOUT) and one exits on it (ERROR), GC (each service logs its collection, then MEM's list), and LIST
-- once a service has exited on its own.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local mode = ...

if mode == "hold" then
	skynet.start(function()
		skynet.dispatch("debug", function() skynet.response() end) -- held, never answered
	end)
	return
elseif mode == "fail" then
	skynet.start(function()
		skynet.dispatch("debug", function() skynet.exit() end) -- the request dies with it
	end)
	return
elseif mode == "quit" then
	skynet.start(function()
		skynet.dispatch("lua", function() skynet.exit() end)
	end)
	return
end

-- This program's entries (addresses LIST names launcher_select), sorted, with the figures masked.
local function mine(list, names)
	local out = {}
	for addr, v in pairs(list) do
		if (names[addr] or ""):find("launcher_select") then
			local text = type(v) == "table" and "table" or tostring(v)
			out[#out + 1] = (text:gsub("%d+%.%d+", "F"))
		end
	end
	table.sort(out)
	return table.concat(out, ", ")
end

skynet.start(function()
	skynet.newservice("launcher_select", "hold")
	skynet.newservice("launcher_select", "fail")
	local q = skynet.newservice("launcher_select", "quit")
	skynet.send(q, "lua", "go")
	skynet.sleep(5)
	local log = skynet.error
	local names = skynet.call(".launcher", "lua", "LIST")
	log("LIST", mine(names, names))
	log("MEM", mine(skynet.call(".launcher", "lua", "MEM", 20), names))
	log("STAT", mine(skynet.call(".launcher", "lua", "STAT", 20), names))
	skynet.sleep(5)
	log("GC", mine(skynet.call(".launcher", "lua", "GC", 20), names))
	skynet.sleep(20)
	skynet.abort()
end)
