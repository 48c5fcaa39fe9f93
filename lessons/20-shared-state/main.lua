-- main: lesson 20's first service: wakes a datacenter waiter, then shares one table with three readers.
local skynet = require "skynet"
local datacenter = require "skynet.datacenter"
local sharedata = require "skynet.sharedata"

-- A world of 1,000 zones: every reader reaches it, none copies it.
local function world(version)
	local zones = {}
	for i = 1, 1000 do
		zones[i] = { name = "zone " .. i, monsters = { "slime", "bat" }, level = i % 7 + 1 }
	end
	return { version = version, zones = zones }
end

skynet.start(function()
	-- Part 1: datacenter. The waiter asks for a value nobody has set yet.
	local waiter = skynet.newservice("waiter")
	skynet.call(waiter, "lua", "ready") -- its wait is already queued at datacenterd
	-- datacenterd runs its messages in order: once this get answers, it has
	-- taken the wait before it, so the set below finds a waiter to answer
	assert(datacenter.get("config", "motd") == nil)
	skynet.error("main sets config.motd")
	datacenter.set("config", "motd", "welcome, adventurer")
	skynet.call(waiter, "lua", "woken") -- answered once the waiter's wait has returned

	-- Part 2: sharedata. One copy, built once by sharedatad, read by three services.
	sharedata.new("world", world(1))
	local readers = {}
	for i = 1, 3 do
		readers[i] = skynet.newservice("reader", i)
	end
	for i = 1, 3 do
		skynet.call(readers[i], "lua", "read")
	end
	-- A new version: readers see it on their next access, without asking.
	sharedata.update("world", world(2))
	for i = 1, 3 do
		skynet.call(readers[i], "lua", "read")
		skynet.send(readers[i], "lua", "bye")
	end
	skynet.exit()
end)
