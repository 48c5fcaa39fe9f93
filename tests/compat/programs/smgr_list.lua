-- smgr_list: service_mgr's LIST while a unique service is starting (who launched it, who waits
-- for it), with one that failed, one only queried and one running; its refusals (no command, an unknown one).
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"

local log = skynet.error
local mode = ...

if mode == "running" then
	skynet.start(function() end)
	return
end

local function show(list)
	local names = {}
	for k in pairs(list) do
		names[#names + 1] = k
	end
	table.sort(names)
	for _, k in ipairs(names) do
		local v = list[k]
		-- tracebacks name each runtime's own frames: keep the other lines
		local kept = {}
		for line in (v .. "\n"):gmatch("([^\n]*)\n") do
			if not line:match("^\t") then
				kept[#kept + 1] = (line:gsub("^:%x+", ":ADDR"):gsub("Init as :%x+", "Init as :ADDR"):gsub("from :%x+", "from :ADDR"))
			end
		end
		log("LIST", k, table.concat(kept, " | "))
	end
end

local function wait_slow()
	return skynet.uniqueservice("smgr_slow")
end

local function query_slow()
	return skynet.queryservice("smgr_slow")
end

skynet.start(function()
	skynet.uniqueservice(SERVICE_NAME, "running")
	log("bad", pcall(skynet.uniqueservice, "smgr_bad"))
	skynet.fork(function() log("slow started", skynet.address(wait_slow()) ~= nil) end)
	skynet.fork(function() log("slow queried", skynet.address(query_slow()) ~= nil) end)
	skynet.fork(function() skynet.queryservice("smgr_never") end)
	skynet.sleep(10)
	show(skynet.call(".service", "lua", "LIST"))
	log("no command", pcall(skynet.call, ".service", "lua"))
	log("unknown command", skynet.call(".service", "lua", "NOSUCH"))
	log("a number", pcall(skynet.call, ".service", "lua", 42))
	skynet.sleep(80)
	show(skynet.call(".service", "lua", "LIST"))
	skynet.sleep(20)
	skynet.abort()
end)
