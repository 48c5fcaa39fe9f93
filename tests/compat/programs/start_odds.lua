-- start_odds: how services start and fail to: a start function that sleeps then raises, one that calls skynet.exit then goes on, a main chunk that never calls skynet.start, skynet.init after start, a start that returns values, a service whose start waits on a call to its creator, and calls to each afterwards.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"

local mode, arg = ...
local log = skynet.error

if mode == "sleep_raise" then
	skynet.start(function()
		skynet.sleep(1)
		error("raised after sleeping in start")
	end)
	return
elseif mode == "exit_goes_on" then
	skynet.start(function()
		skynet.dispatch("lua", function() skynet.retpack("served") end)
		skynet.exit()
		log("after exit in start (should not)")
	end)
	return
elseif mode == "no_start" then
	log("main chunk without start")
	return
elseif mode == "init_after" then
	skynet.start(function()
		skynet.dispatch("lua", function() skynet.retpack("init ran before?", _G.INIT_RAN) end)
		skynet.init(function() _G.INIT_RAN = true log("late init ran") end)
	end)
	return
elseif mode == "returns" then
	skynet.start(function()
		skynet.dispatch("lua", function() skynet.retpack("ok") end)
		return "ignored", 2
	end)
	return
elseif mode == "asks_creator" then
	skynet.start(function()
		local creator = tonumber(arg)
		log("asking my creator", skynet.call(creator, "lua", "hello"))
		skynet.dispatch("lua", function() skynet.retpack("asker ready") end)
	end)
	return
end

skynet.start(function()
	skynet.dispatch("lua", function(_, _, what)
		skynet.retpack("creator answers " .. what)
	end)
	log("sleep_raise", pcall(skynet.newservice, SERVICE_NAME, "sleep_raise"))
	local ok, a = pcall(skynet.newservice, SERVICE_NAME, "exit_goes_on")
	log("exit_goes_on", ok, type(a))
	skynet.sleep(1)
	log("call exit_goes_on", pcall(skynet.call, a, "lua"))
	-- a service that never calls skynet.start: newservice never returns
	skynet.fork(function()
		log("no_start returned (should not)", pcall(skynet.newservice, SERVICE_NAME, "no_start"))
	end)
	skynet.sleep(2)
	log("init_after", pcall(skynet.newservice, SERVICE_NAME, "init_after"))
	local r = skynet.newservice(SERVICE_NAME, "returns")
	log("call returns", skynet.call(r, "lua"))
	local q = skynet.newservice(SERVICE_NAME, "asks_creator", skynet.self())
	log("call asks_creator", skynet.call(q, "lua"))
	skynet.sleep(20)
	skynet.abort()
end)
