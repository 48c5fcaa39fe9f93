-- login_flow_logind: the login server of login_flow (snax.loginserver), as a game's would be.
-- Run by tests/compat (login_flow.lua starts it).
local login = require "snax.loginserver"
local crypt = require "skynet.crypt"
local skynet = require "skynet"

local port = tonumber((...)) -- the slaves get no argument
local server = {
	host = "127.0.0.1",
	port = port,
	multilogin = false,
	name = "login_master",
	instance = 2,
}

local gates = {}
local online = {}

function server.auth_handler(token)
	local user, srv, password = token:match("([^@]+)@([^:]+):(.+)")
	user = crypt.base64decode(user)
	srv = crypt.base64decode(srv)
	password = crypt.base64decode(password)
	if password ~= "password" then error("Invalid password", 0) end
	return srv, user
end

function server.login_handler(srv, uid, secret)
	skynet.error("logind: login", uid, srv)
	local gate = gates[srv] or error("Unknown server", 0)
	local last = online[uid]
	if last then
		skynet.error("logind: kick", uid, last.subid)
		skynet.call(last.address, "lua", "kick", uid, last.subid)
	end
	if online[uid] then
		error(string.format("user %s is already online", uid))
	end
	local subid = tostring(skynet.call(gate, "lua", "login", uid, secret))
	online[uid] = { address = gate, subid = subid, server = srv }
	return subid
end

local CMD = {}
function CMD.register_gate(srv, address)
	skynet.error("logind: gate registered", srv)
	gates[srv] = address
end
function CMD.logout(uid, subid)
	local u = online[uid]
	if u then
		skynet.error("logind: logout", uid, subid, u.server)
		online[uid] = nil
	end
end

function server.command_handler(command, ...)
	local f = assert(CMD[command])
	return f(...)
end

login(server)
