-- login_flow_gated: the game gate of login_flow (snax.msgserver): one agent per logged-in user.
-- Run by tests/compat (login_flow.lua starts it).
local msgserver = require "snax.msgserver"
local skynet = require "skynet"

local loginservice = tonumber(...)

local server = {}
local users = {}
local username_map = {}
local internal_id = 0
local servername

function server.login_handler(uid, secret)
	if users[uid] then
		error(string.format("%s is already login", uid))
	end
	internal_id = internal_id + 1
	local id = internal_id
	local username = msgserver.username(uid, id, servername)
	local agent = skynet.newservice("login_flow_agent")
	local u = { username = username, agent = agent, uid = uid, subid = id }
	skynet.call(agent, "lua", "login", uid, id, secret)
	users[uid] = u
	username_map[username] = u
	msgserver.login(username, secret)
	return id
end

function server.logout_handler(uid, subid)
	local u = users[uid]
	if u then
		local username = msgserver.username(uid, subid, servername)
		assert(u.username == username)
		msgserver.logout(u.username)
		users[uid] = nil
		username_map[u.username] = nil
		skynet.call(loginservice, "lua", "logout", uid, subid)
	end
end

function server.kick_handler(uid, subid)
	local u = users[uid]
	if u then
		local username = msgserver.username(uid, subid, servername)
		assert(u.username == username)
		skynet.error("gated: kick", username)
		pcall(skynet.call, u.agent, "lua", "logout")
	end
end

function server.disconnect_handler(username)
	local u = username_map[username]
	skynet.error("gated: disconnect", username, u ~= nil)
	if u then
		skynet.call(u.agent, "lua", "afk")
	end
end

function server.request_handler(username, msg)
	local u = username_map[username]
	return skynet.tostring(skynet.rawcall(u.agent, "client", msg))
end

function server.register_handler(name)
	servername = name
	skynet.call(loginservice, "lua", "register_gate", servername, skynet.self())
end

msgserver.start(server)
