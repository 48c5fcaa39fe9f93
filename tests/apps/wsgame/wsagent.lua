-- wsagent.lua: one player's agent: a websocket connection whose binary frames are sproto packages
-- (requests answered with responses, pushes by host:attach); text frames are refused.
local skynet = require "skynet"
local websocket = require "http.websocket"
local sprotoloader = require "sprotoloader"

local host = sprotoloader.load(1):host "package"
local push = host:attach(sprotoloader.load(2))
local world
local ws -- the websocket's id
local name
local kick -- why the world wants this player gone, once the answer is out

local REQUEST = {}

function REQUEST.login(args)
	local ok, n = skynet.call(world, "lua", "login", args.name, skynet.self())
	if ok then
		name = args.name
	end
	return { ok = ok, players = n }
end

function REQUEST.move(args)
	local x, y
	x, y, kick = skynet.call(world, "lua", "move", name, args.dx, args.dy)
	return { x = x, y = y }
end

function REQUEST.chat(args)
	skynet.send(world, "lua", "chat", name, args.text)
end

function REQUEST.where(args)
	local found, x, y = skynet.call(world, "lua", "where", args.name)
	return { found = found, x = x, y = y }
end

local handle = {}

function handle.message(id, msg, kind)
	if kind ~= "binary" then
		websocket.write(id, "binary frames only, got " .. kind, "text")
		return
	end
	local ok, type, what, args, response = pcall(host.dispatch, host, msg)
	if not ok then
		skynet.error("wsagent: bad package: " .. tostring(type))
		websocket.close(id, 1003, "bad package")
		return
	end
	local r = REQUEST[what](args)
	if response then
		websocket.write(id, response(r), "binary")
	end
	if kick then
		websocket.write(id, push("kicked", { reason = kick }), "binary")
		websocket.close(id, 4000, "off the map")
	end
end

function handle.close(id, code, reason)
	-- (a close this side started comes with no code)
	skynet.error(string.format("wsagent %s: closed %s %s", tostring(name), tostring(code), tostring(reason)))
end

function handle.error(id)
	skynet.error("wsagent " .. tostring(name) .. ": error")
end

local CMD = {}

function CMD.accept(fd, addr)
	ws = fd
	-- accept returns when the connection has ended
	local ok, err = websocket.accept(fd, handle, "ws", addr)
	if not ok then
		skynet.error("wsagent: accept failed: " .. tostring(err))
	end
	if name then
		skynet.call(world, "lua", "leave", name)
	end
	skynet.exit()
end

function CMD.push(what, args)
	websocket.write(ws, push(what, args), "binary")
end

skynet.start(function()
	world = skynet.uniqueservice("world")
	skynet.dispatch("lua", function(session, _, cmd, ...)
		CMD[cmd](...)
	end)
end)
