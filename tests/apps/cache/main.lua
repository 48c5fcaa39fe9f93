-- main.lua: the cache app's front: a line protocol onto the capped cache service.
local skynet = require "skynet"
local socket = require "skynet.socket"
require "skynet.manager" -- skynet.abort

skynet.start(function()
	local cache = skynet.newservice("cached")
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
				local cmd, name = line:match "^(%S+)%s*(.*)$"
				local ok, r = pcall(skynet.call, cache, "lua", cmd, name)
				socket.write(fd, line .. " -> " .. (ok and tostring(r) or "error") .. "\n")
			end
		end)
	end)
	skynet.error("ready")
end)
