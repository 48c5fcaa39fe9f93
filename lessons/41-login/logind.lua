-- logind: the login server (snax.loginserver): checks the password inside the
-- token and tells the chosen game server that this user is coming, with the secret.
local skynet = require "skynet"
local login = require "snax.loginserver"
local crypt = require "skynet.crypt"

local server = {
	host = "127.0.0.1",
	port = 0, -- any free port; `port` tells main which
	multilogin = false,
	name = "login_master",
	instance = 2,
}

local PASSWORDS = { test1 = "123" } -- a real server asks a database

local server_list = {} -- servername -> gate address
local user_online = {} -- uid -> { address, subid, server }

-- token: base64(user)@base64(server):base64(password)
function server.auth_handler(token)
	local user, servername, password = token:match("([^@]+)@([^:]+):(.+)")
	assert(user, "Invalid token")
	user = crypt.base64decode(user)
	servername = crypt.base64decode(servername)
	password = crypt.base64decode(password)
	skynet.error(string.format("logind: token for %s on %s", user, servername))
	assert(PASSWORDS[user] and PASSWORDS[user] == password, "Invalid password")
	return servername, user
end

function server.login_handler(servername, uid, secret)
	local gameserver = assert(server_list[servername], "Unknown server")
	-- One session per user: a second login kicks the first.
	local last = user_online[uid]
	if last then
		skynet.call(last.address, "lua", "kick", uid, last.subid)
	end
	local subid = tostring(skynet.call(gameserver, "lua", "login", uid, secret))
	user_online[uid] = { address = gameserver, subid = subid, server = servername }
	skynet.error(string.format("%s@%s is login, subid %s", uid, servername, subid))
	return subid
end

local CMD = {}

function CMD.register_gate(servername, address)
	server_list[servername] = address
end

function CMD.logout(uid, subid)
	local u = user_online[uid]
	if u then
		skynet.error(string.format("%s@%s is logout", uid, u.server))
		user_online[uid] = nil
	end
end

function CMD.port()
	return server.port
end

function server.command_handler(command, ...)
	return assert(CMD[command], command)(...)
end

login(server)
