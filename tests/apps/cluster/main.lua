-- main.lua: the hall node: players' commands on a line socket, the scores kept by the game node.
local skynet = require "skynet"
local socket = require "skynet.socket"
local cluster = require "skynet.cluster"
require "skynet.manager" -- skynet.abort

local function show(v)
	if type(v) ~= "table" then
		return tostring(v)
	end
	local parts = {}
	for i, x in ipairs(v) do
		parts[i] = show(x)
	end
	return "[" .. table.concat(parts, ",") .. "]"
end

local rank_proxy

local COMMANDS = {}

function COMMANDS.add(name, score)
	return cluster.call("game", "@rank", "add", name, tonumber(score))
end

function COMMANDS.top()
	return cluster.call("game", "@rank", "top")
end

function COMMANDS.proxytop()
	rank_proxy = rank_proxy or cluster.proxy("game", "@rank")
	return skynet.call(rank_proxy, "lua", "top")
end

function COMMANDS.bump(name)
	for _ = 1, 3 do
		cluster.send("game", "@rank", "bump", name)
	end
	return cluster.call("game", "@rank", "top")
end

function COMMANDS.crash()
	return cluster.call("game", "@rank", "crash")
end

function COMMANDS.nobody()
	return cluster.call("game", "@nobody", "top")
end

function COMMANDS.slow()
	return cluster.call("game", "@rank", "slow")
end

function COMMANDS.reload(port)
	cluster.reload { hall = skynet.getenv "hall_addr", game = "127.0.0.1:" .. port }
	return "reloaded"
end

local function serve(fd)
	socket.start(fd)
	while true do
		local line = socket.readline(fd)
		if not line then
			return
		end
		local words = {}
		for w in line:gmatch "%S+" do
			words[#words + 1] = w
		end
		local cmd = table.remove(words, 1)
		if not COMMANDS[cmd] and cmd ~= "shutdown" then
			socket.write(fd, "unknown " .. tostring(cmd) .. "\n")
		elseif cmd == "shutdown" then
			skynet.abort()
		else
			local ok, r = pcall(COMMANDS[cmd], table.unpack(words))
			if ok then
				socket.write(fd, cmd .. " " .. show(r) .. "\n")
			else
				skynet.error(cmd .. " failed: " .. tostring(r))
				socket.write(fd, cmd .. " error\n")
			end
		end
	end
end

skynet.start(function()
	cluster.register("audit", skynet.newservice("audit"))
	cluster.open("hall")
	local id = socket.listen("127.0.0.1", tonumber(skynet.getenv "app_port"))
	socket.start(id, function(fd)
		skynet.fork(serve, fd)
	end)
	skynet.error("ready")
end)
