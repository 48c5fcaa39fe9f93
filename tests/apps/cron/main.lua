-- main.lua: a job scheduler's front: an admin line connection schedules and cancels jobs, a watcher
-- connection hears them fire; the scheduler is a service of its own.
local skynet = require "skynet"
local socket = require "skynet.socket"
require "skynet.manager" -- skynet.abort

skynet.start(function()
	local cron = skynet.newservice("cron")
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
				local words = {}
				for w in line:gmatch "%S+" do
					words[#words + 1] = w
				end
				if words[1] == "watch" then
					skynet.call(cron, "lua", "watch", fd)
					socket.write(fd, "watching\n")
				else
					local ok, r = pcall(skynet.call, cron, "lua", table.unpack(words))
					socket.write(fd, line .. " -> " .. (ok and tostring(r) or "error") .. "\n")
				end
			end
		end)
	end)
	skynet.error("ready")
end)
