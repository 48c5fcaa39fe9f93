-- gamenode.lua: the game node's start: the rank service, offered to the cluster as @rank.
local skynet = require "skynet"
local cluster = require "skynet.cluster"

skynet.start(function()
	cluster.register("rank", skynet.newservice("rank"))
	cluster.open("game")
	skynet.error("ready")
end)
