-- gated: the game server's gate (snax.msgserver). The login server tells it who is
-- coming and with which secret; it gives each user an agent and passes requests on.
local skynet = require "skynet"
local msgserver = require "snax.msgserver"

local loginservice = tonumber(...)

local server = {}
local users = {}        -- uid -> { username, agent, uid, subid }
local username_map = {} -- username -> the same
local internal_id = 0
local servername

-- Called by the login server (never twice at once for one uid: no multilogin).
function server.login_handler(uid, secret)
	if users[uid] then
		error(string.format("%s is already login", uid))
	end
	internal_id = internal_id + 1
	local subid = internal_id
	local username = msgserver.username(uid, subid, servername)
	local agent = skynet.newservice("msgagent")
	skynet.call(agent, "lua", "login", uid, subid, secret)
	local u = { username = username, agent = agent, uid = uid, subid = subid }
	users[uid] = u
	username_map[username] = u
	msgserver.login(username, secret)
	return subid
end

-- Called by the agent when the user logs out.
function server.logout_handler(uid, subid)
	local u = users[uid]
	if u then
		assert(u.username == msgserver.username(uid, subid, servername))
		msgserver.logout(u.username)
		users[uid] = nil
		username_map[u.username] = nil
		skynet.call(loginservice, "lua", "logout", uid, subid)
	end
end

-- Called by the login server when the same user logs in again.
function server.kick_handler(uid, subid)
	local u = users[uid]
	if u then
		pcall(skynet.call, u.agent, "lua", "logout") -- the agent may exit while answering
	end
end

-- The connection dropped; the user stays logged in and may reconnect.
function server.disconnect_handler(username)
	local u = username_map[username]
	if u then
		skynet.call(u.agent, "lua", "afk")
	end
end

-- One request from a client: its agent answers on the "client" protocol.
function server.request_handler(username, msg)
	local u = username_map[username]
	return skynet.tostring(skynet.rawcall(u.agent, "client", msg))
end

-- The gate is open: tell the login server which servername it serves. -> the port.
function server.register_handler(name, gateconf)
	servername = name
	skynet.call(loginservice, "lua", "register_gate", servername, skynet.self())
	return gateconf.port
end

msgserver.start(server)
