-- login_edges_logind: the login server of login_edges (snax.loginserver): a slow login for "slow", a table raised
-- for "table", a user refused by auth for "nobody".
-- Run by tests/compat (login_edges.lua starts it).
local login = require "snax.loginserver"
local skynet = require "skynet"

local server = {
	host = "127.0.0.1",
	port = tonumber((...)),
	multilogin = false,
	name = "login_edges_master",
	instance = 2,
}

function server.auth_handler(token)
	local user, srv = token:match("^([^@]+)@(.+)$")
	if user == "nobody" then error("no such user", 0) end
	return srv, user
end

function server.login_handler(srv, uid, secret)
	skynet.error("logind: login", uid, srv, #secret)
	if uid == "slow" then skynet.sleep(20) end
	if uid == "table" then error({ "a table" }) end
	if uid == "nil" then return nil end
	return "sub-" .. uid
end

function server.command_handler(command, ...)
	skynet.error("logind: command", command, ...)
	if command == "raise" then error("command raised") end
	return command .. "!"
end

login(server)
