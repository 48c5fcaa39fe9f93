-- main.lua: the leaderboard's front: a line protocol, one coroutine per client, all work in the rank service.
local skynet = require "skynet"
local socket = require "skynet.socket"
require "skynet.manager" -- skynet.abort

skynet.start(function()
	local rank = skynet.uniqueservice("rank", "season1")
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
				local ok, r = pcall(skynet.call, rank, "lua", table.unpack(words))
				socket.write(fd, line .. " -> " .. (ok and r or "call failed") .. "\n")
			end
		end)
	end)
	skynet.error("ready")
end)
