-- main.lua: a game whose tables live in skynet.datasheet: the builder service owns them, one reader agent
-- per connection sees each update by itself (no update call), a line protocol.
local skynet = require "skynet"
local socket = require "skynet.socket"

skynet.start(function()
	local builder = skynet.uniqueservice("sheetd")
	local n = 0
	local id = socket.listen("127.0.0.1", tonumber(skynet.getenv "app_port"))
	socket.start(id, function(fd)
		n = n + 1
		skynet.newservice("reader", fd, n)
	end)
	assert(builder)
	skynet.error("ready")
end)
