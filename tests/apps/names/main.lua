-- main.lua: a server whose services find each other by name: local (.name) and global (NAME) names, queryservice.
local skynet = require "skynet"
local socket = require "skynet.socket"
require "skynet.manager" -- skynet.register, skynet.name, skynet.abort

local CMD = {}

function CMD.call(name)
	return skynet.call(name, "lua", "who")
end

function CMD.localname(name)
	local a = skynet.localname(name)
	return a and (a == skynet.localname(".center") and "center" or "other") or "none"
end

function CMD.rename()
	skynet.name(".alias", skynet.localname(".center"))
	return skynet.call(".alias", "lua", "who")
end

function CMD.twice()
	return skynet.call(".center", "lua", "register_again")
end

function CMD.query()
	return skynet.call(skynet.queryservice("center"), "lua", "who")
end

function CMD.send(name)
	return tostring(skynet.send(name, "lua", "who"))
end

skynet.start(function()
	skynet.uniqueservice("center")
	skynet.newservice("center", "GAMED")
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
				local ok, r = pcall(CMD[cmd], arg)
				socket.write(fd, line .. " -> " .. (ok and tostring(r) or "error " .. tostring(r)) .. "\n")
			end
		end)
	end)
	skynet.error("ready")
end)
