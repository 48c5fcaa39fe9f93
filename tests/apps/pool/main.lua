-- main.lua: the pool app's front: a line protocol whose commands start, find and use a pool of worker services.
local skynet = require "skynet"
local socket = require "skynet.socket"
require "skynet.manager" -- skynet.abort

local function run(cmd, arg)
	if cmd == "find" then
		-- queryservice waits until somebody starts the pool
		return "found pool " .. tostring(skynet.queryservice("pool") ~= nil)
	elseif cmd == "start" then
		-- the pool's settings go as uniqueservice arguments: its name, size, a weight and a free text
		local p = skynet.uniqueservice("pool", "db", 3, 1.5, "a b")
		return "started " .. skynet.call(p, "lua", "info")
	elseif cmd == "again" then
		-- a second uniqueservice with other arguments gets the same service: the arguments are not looked at
		local p = skynet.uniqueservice("pool", "other", 9)
		return "again " .. skynet.call(p, "lua", "info") .. " same " .. tostring(p == skynet.queryservice("pool"))
	elseif cmd == "work" then
		return skynet.call(skynet.queryservice("pool"), "lua", "work", arg)
	elseif cmd == "args" then
		return skynet.call(skynet.queryservice("pool"), "lua", "args")
	elseif cmd == "bad" then
		local ok, err = pcall(skynet.newservice, "worker", 1, true)
		return "boolean arg " .. tostring(ok) .. " " .. tostring(err):gsub("^.-: ", "")
	elseif cmd == "nilarg" then
		local ok, err = pcall(skynet.newservice, "worker", 1, nil, 3)
		return "nil arg " .. tostring(ok) .. " " .. tostring(err):gsub("^.*:%d+: ", "")
	elseif cmd == "nosuch" then
		local ok, err = pcall(skynet.newservice, "nosuch", 1, 2)
		return "nosuch " .. tostring(ok) .. " " .. tostring(err):gsub("^.-: ", "")
	elseif cmd == "replace" then
		return skynet.call(skynet.queryservice("pool"), "lua", "replace", tonumber(arg))
	end
	return "unknown " .. tostring(cmd)
end

skynet.start(function()
	local id = socket.listen("127.0.0.1", tonumber(skynet.getenv "app_port"))
	socket.start(id, function(fd)
		skynet.fork(function()
			socket.start(fd)
			while true do
				local line = socket.readline(fd)
				if not line or line == "shutdown" then
					skynet.abort()
					return
				end
				local cmd, arg = line:match "^(%S+)%s*(.*)$"
				socket.write(fd, run(cmd, arg) .. "\n")
			end
		end)
	end)
	skynet.error("ready")
end)
