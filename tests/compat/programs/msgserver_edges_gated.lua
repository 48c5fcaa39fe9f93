-- msgserver_edges_gated: the snax.msgserver of msgserver_edges: users logged in by a lua call, requests echoed,
-- "boom" raising, "slow" answered late, expired_number 2 (old answers are forgotten).
-- Run by tests/compat (msgserver_edges.lua starts it).
local msgserver = require "snax.msgserver"
local skynet = require "skynet"

local server = { expired_number = 2 }
local servername

function server.register_handler(name)
	servername = name
	skynet.error("gated: register", name)
end

function server.login_handler(uid, secret)
	local username = msgserver.username(uid, 1, servername)
	msgserver.login(username, secret)
	skynet.error("gated: login", username)
	return username
end

function server.logout_handler(uid, subid) end
function server.kick_handler(uid, subid) end

function server.disconnect_handler(username)
	skynet.error("gated: disconnect", username, msgserver.ip(username) ~= nil)
end

function server.request_handler(username, msg)
	skynet.error("gated: request", username, msg)
	if msg == "boom" then error("boom raised", 0) end -- no position: Lua cuts a long path to "..."
	if msg == "slow" then skynet.sleep(10) end
	if msg == "nil" then return nil end
	return "re:" .. msg
end

msgserver.start(server)
