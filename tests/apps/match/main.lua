-- main.lua: the match server's front: a line protocol on a plain socket, one coroutine per player.
local skynet = require "skynet"
local socket = require "skynet.socket"
require "skynet.manager" -- skynet.abort

local manager

local function serve(fd)
	socket.start(fd)
	local name, room
	while true do
		local line = socket.readline(fd)
		if not line then
			skynet.error("player left", name)
			return
		end
		local cmd, arg = line:match("^(%S+)%s*(.*)$")
		if cmd == "hello" then
			name = arg
			socket.write(fd, "hi " .. name .. "\n")
		elseif cmd == "queue" then
			local id, other
			room, id, other = skynet.call(manager, "lua", "queue", name, fd)
			socket.write(fd, string.format("matched room %d with %s\n", id, other))
		elseif cmd == "act" or cmd == "wait" or cmd == "hold" then
			local ok, r = pcall(skynet.call, room, "lua", cmd, name, arg)
			if ok then
				socket.write(fd, "ok " .. tostring(r) .. "\n")
			else
				skynet.error("player " .. name .. " " .. cmd .. ": " .. tostring(r))
				socket.write(fd, "error " .. cmd .. "\n")
			end
		elseif cmd == "waiting" then
			socket.write(fd, "waiting " .. skynet.call(manager, "lua", "waiting") .. "\n")
		elseif cmd == "rooms" then
			socket.write(fd, "rooms " .. skynet.call(manager, "lua", "rooms") .. "\n")
		elseif cmd == "shutdown" then
			-- no log line here: skynet's logger is retired by the abort and
			-- usually loses what is still queued for it (skyglass prints it)
			skynet.abort()
		else
			socket.write(fd, "unknown " .. tostring(cmd) .. "\n")
		end
	end
end

skynet.start(function()
	manager = skynet.uniqueservice("manager")
	local port = tonumber(skynet.getenv "app_port")
	local id = socket.listen("127.0.0.1", port)
	socket.start(id, function(fd, addr)
		skynet.fork(serve, fd)
	end)
	skynet.error("ready")
end)
