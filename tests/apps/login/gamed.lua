-- gamed.lua: the game server's gate (snax.msgserver): a player service per login, requests passed on.
local skynet = require "skynet"
local msgserver = require "snax.msgserver"

local logind = tonumber(...)
local game
local next_subid = 0
local by_uid, by_name = {}, {}

local server = {}

function server.login_handler(uid, secret)
	assert(not by_uid[uid], "already in")
	next_subid = next_subid + 1
	local subid = next_subid -- next_subid moves on while this login waits below
	local name = msgserver.username(uid, subid, game)
	local player = skynet.newservice("player", uid)
	local u = { uid = uid, subid = subid, name = name, player = player }
	by_uid[uid], by_name[name] = u, u
	skynet.call(player, "lua", "enter", skynet.self(), subid)
	msgserver.login(name, secret)
	return subid
end

function server.logout_handler(uid, subid)
	local u = by_uid[uid]
	if u and u.subid == tonumber(subid) then
		msgserver.logout(u.name)
		by_uid[uid], by_name[u.name] = nil, nil
		skynet.call(logind, "lua", "logout", uid, tostring(subid))
	end
end

function server.kick_handler(uid, subid)
	local u = by_uid[uid]
	if u then
		skynet.call(u.player, "lua", "leave")
	end
end

function server.disconnect_handler(name)
	local u = by_name[name]
	if u then
		skynet.send(u.player, "lua", "away")
	end
end

function server.request_handler(name, msg)
	return skynet.tostring(skynet.rawcall(by_name[name].player, "client", msg))
end

function server.register_handler(name)
	game = name
	skynet.call(logind, "lua", "register_gate", name, skynet.self())
end

msgserver.start(server)
