-- agent.lua: one player's agent: waits in the lobby in a coroutine of its own, so it still reads its client,
-- and ends when the client goes (telling the lobby first).
local skynet = require "skynet"
local socket = require "skynet.socket"
require "skynet.manager" -- skynet.abort

local fd = tonumber((...))
local lobby
local name

local function answer(cmd, arg)
	if cmd == "name" then
		name = arg
		return "hello " .. name
	elseif cmd == "wait" then
		skynet.fork(function()
			local ok, r = pcall(skynet.call, lobby, "lua", "wait", name)
			socket.write(fd, (ok and r or "wait failed") .. "\n")
		end)
		return "waiting"
	elseif cmd == "shutdown" then
		skynet.abort()
		return nil
	end
	return tostring(skynet.call(lobby, "lua", cmd, arg))
end

skynet.start(function()
	lobby = skynet.uniqueservice("lobby")
	skynet.fork(function()
		socket.start(fd)
		while true do
			local line = socket.readline(fd)
			if not line then
				skynet.call(lobby, "lua", "left", name)
				skynet.exit()
				return
			end
			local r = answer(line:match "^(%S+)%s*(.*)$")
			if r then
				socket.write(fd, r .. "\n")
			end
		end
	end)
end)
