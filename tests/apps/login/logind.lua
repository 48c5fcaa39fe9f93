-- logind.lua: the login server (snax.loginserver): checks passwords, kicks a user already online.
local skynet = require "skynet"
local loginserver = require "snax.loginserver"
local crypt = require "skynet.crypt"

local ACCOUNTS = { ann = "a1", bob = "b2", cat = "c3" }

local server = {
	host = "127.0.0.1",
	port = tonumber(skynet.getenv "app_port"),
	multilogin = false,
	name = "login_master",
	instance = 2,
}

local games = {}  -- server name -> its gate
local online = {} -- uid -> { gate, subid }

function server.auth_handler(token)
	local user, game, password = token:match "([^@]+)@([^:]+):(.+)"
	user, game, password = crypt.base64decode(user), crypt.base64decode(game), crypt.base64decode(password)
	assert(ACCOUNTS[user] == password, "bad password")
	return game, user
end

function server.login_handler(game, uid, secret)
	local gate = assert(games[game], "no such game server")
	local was = online[uid]
	if was then
		skynet.error("logind: kick " .. uid)
		skynet.call(was.gate, "lua", "kick", uid, was.subid)
	end
	local subid = tostring(skynet.call(gate, "lua", "login", uid, secret))
	online[uid] = { gate = gate, subid = subid }
	return subid
end

local CMD = {}

function CMD.register_gate(game, gate)
	games[game] = gate
end

function CMD.logout(uid, subid)
	if online[uid] and online[uid].subid == subid then
		online[uid] = nil
	end
end

function server.command_handler(cmd, ...)
	return assert(CMD[cmd], cmd)(...)
end

loginserver(server)
