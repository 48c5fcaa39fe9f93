-- main.lua: a game's back office: a snax leaderboard, a line front for players, a debug_console for admins.
local skynet = require "skynet"
local socket = require "skynet.socket"
local snax = require "skynet.snax"
require "skynet.manager" -- skynet.abort

local board

local function serve(fd)
	socket.start(fd)
	while true do
		local line = socket.readline(fd)
		if not line then
			return
		end
		local cmd, a, b = line:match "^(%S+)%s*(%S*)%s*(%S*)$"
		if cmd == "score" then
			board.post.score(a, tonumber(b))
			socket.write(fd, "posted\n")
		elseif cmd == "top" then
			local ok, r = pcall(board.req.top, tonumber(a))
			socket.write(fd, (ok and table.concat(r, " ") or "error") .. "\n")
		elseif cmd == "shutdown" then
			skynet.abort()
		else
			socket.write(fd, "unknown\n")
		end
	end
end

skynet.start(function()
	board = snax.uniqueservice("board", "season1")
	skynet.newservice("debug_console", "127.0.0.1", tonumber(skynet.getenv "app_port2"))
	local id = socket.listen("127.0.0.1", tonumber(skynet.getenv "app_port"))
	socket.start(id, function(fd)
		skynet.fork(serve, fd)
	end)
	skynet.error("ready")
end)
