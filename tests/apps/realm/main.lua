-- main.lua: the realm's gateway node (harbor 1, the master): a line front that reaches the scene node by its
-- global name SCENE, and a world service made by uniqueservice(true) that both nodes use.
local skynet = require "skynet"
local socket = require "skynet.socket"
local harbor = require "skynet.harbor"
require "skynet.manager" -- skynet.abort

local link = "waiting"

local function answer(cmd, arg)
	if cmd == "enter" or cmd == "where" or cmd == "boom" then
		-- SCENE is a global name: before the scene node registers it, the call waits
		local ok, r = pcall(skynet.call, "SCENE", "lua", cmd, arg)
		return ok and tostring(r) or "error " .. tostring(r):gsub("^.*:%d+: ", "")
	elseif cmd == "world" then
		return skynet.call(skynet.uniqueservice(true, "world"), "lua", "list")
	elseif cmd == "link" then
		return "scene node " .. link
	elseif cmd == "names" then
		local scene = harbor.queryname("SCENE")
		return string.format("SCENE on harbor %d, world on harbor %d, me on harbor %d", skynet.harbor(scene),
			skynet.harbor(skynet.uniqueservice(true, "world")), skynet.harbor(skynet.self()))
	end
	return "unknown " .. tostring(cmd)
end

skynet.start(function()
	skynet.uniqueservice(true, "world")
	-- the scene node's link: connect waits for it to join, link returns when it is gone
	skynet.fork(function()
		harbor.connect(2)
		link = "up"
		skynet.error("realm: scene node up")
		harbor.link(2)
		link = "down"
		skynet.error("realm: scene node down")
	end)
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
				socket.write(fd, answer(line:match "^(%S+)%s*(.*)$") .. "\n")
			end
		end)
	end)
	skynet.error("ready")
end)
