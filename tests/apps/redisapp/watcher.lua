-- watcher.lua: a redis subscriber (redis.watch): what comes on "news" and "room.*" goes to main.
local skynet = require "skynet"
local redis = require "skynet.db.redis"

local main = tonumber(...)

skynet.start(function()
	local w = redis.watch { host = "127.0.0.1", port = tonumber(skynet.getenv "redis_port") }
	w:subscribe("news")
	w:psubscribe("room.*")
	skynet.fork(function()
		while true do
			local data, channel, pattern = w:message()
			skynet.send(main, "lua", "pushed", data, channel, pattern)
		end
	end)
end)
