-- main.lua: the supervisor app's front: a line socket whose commands go to the supervisor.
local skynet = require "skynet"
local socket = require "skynet.socket"
require "skynet.manager" -- skynet.abort

skynet.start(function()
	local sup = skynet.uniqueservice("supervisor")
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
				local ok, r = pcall(skynet.call, sup, "lua", cmd, arg)
				socket.write(fd, line .. " -> " .. (ok and tostring(r) or "error") .. "\n")
			end
		end)
	end)
	skynet.error("ready")
end)
