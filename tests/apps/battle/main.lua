-- main.lua: the battle server's front: a line protocol, one coroutine per player; room traffic goes to the room.
local skynet = require "skynet"
local socket = require "skynet.socket"
require "skynet.manager" -- skynet.abort

local hall

local function serve(fd)
	socket.start(fd)
	local name, room
	while true do
		local line = socket.readline(fd)
		if not line then
			if room then
				skynet.send(room, "lua", "leave", name)
			end
			return
		end
		local cmd, a, b = line:match("^(%S+)%s*(%S*)%s*(%S*)$")
		if cmd == "join" then
			-- the room writes the answer itself, so it comes before anything else the room sends
			local r = skynet.call(hall, "lua", "room", tonumber(a))
			local ok, joined = pcall(skynet.call, r, "lua", "join", b, fd)
			if not ok then
				socket.write(fd, "join failed\n")
			elseif joined then
				room, name = r, b
			end
		elseif cmd == "input" then
			skynet.send(room, "lua", "input", name, tonumber(a), b)
		elseif cmd == "status" then
			socket.write(fd, "status " .. skynet.call(skynet.call(hall, "lua", "room", tonumber(a)), "lua", "status") .. "\n")
		elseif cmd == "leave" then
			-- the room may have closed itself already: then the call fails
			if not (room and pcall(skynet.call, room, "lua", "leave", name)) then
				socket.write(fd, "no room to leave\n")
			end
			room = nil
		elseif cmd == "rooms" then
			socket.write(fd, "rooms " .. skynet.call(hall, "lua", "list") .. "\n")
		elseif cmd == "shutdown" then
			skynet.abort()
		else
			socket.write(fd, "unknown " .. tostring(cmd) .. "\n")
		end
	end
end

skynet.start(function()
	hall = skynet.uniqueservice("hall")
	local id = socket.listen("127.0.0.1", tonumber(skynet.getenv "app_port"))
	socket.start(id, function(fd)
		skynet.fork(serve, fd)
	end)
	skynet.error("ready")
end)
