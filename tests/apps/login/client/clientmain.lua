-- clientmain.lua: the login app's players, run as a skynet program of their own (the login
-- protocol needs skynet.crypt): logins at once, a bad password, a kick, a reconnect, a logout.
local skynet = require "skynet"
local socket = require "skynet.socket"
local lc = require "loginclient"
require "skynet.manager" -- skynet.abort

local LOGIN, GAME = tonumber(skynet.getenv "login_port"), tonumber(skynet.getenv "game_port")
local PASS = { ann = "a1", bob = "b2", cat = "c3" }

-- printed, not logged: skynet's logger loses what is queued at the abort
local function T(...)
	print("T " .. table.concat({ ... }, " "))
end

local players = {}

-- log in and enter the game; the reply to "whoami" as request session 1
local function enter(user, index)
	local p = players[user] or {}
	players[user] = p
	if not index then
		local code, subid, secret = lc.login(LOGIN, user, "arena", PASS[user])
		p.code, p.subid, p.secret = code, subid, secret
		if code ~= "200" then
			return code
		end
	end
	local fd, answer = lc.connect_gate(GAME, user, "arena", p.subid, index or 1, p.secret)
	p.fd = fd
	return answer
end

local function ask(user, text, session)
	local content, ok = lc.request(players[user].fd, text, session)
	return tostring(content) .. (ok and "" or " (failed)")
end

skynet.start(function()
	-- three logins at once; results printed in a fixed order
	local done, me = 0, coroutine.running()
	local got = {}
	for _, user in ipairs { "ann", "bob", "cat" } do
		skynet.fork(function()
			got[user] = enter(user)
			got[user] = got[user] .. " / " .. ask(user, "whoami", 1)
			done = done + 1
			if done == 3 then
				skynet.wakeup(me)
			end
		end)
	end
	skynet.wait(me)
	for _, user in ipairs { "ann", "bob", "cat" } do
		T(user, got[user])
	end
	T("dave", tostring(lc.login(LOGIN, "dave", "arena", "x")))
	T("bob wrong password", tostring(lc.login(LOGIN, "bob", "arena", "x")))
	T("ann to nowhere", tostring(lc.login(LOGIN, "ann", "nowhere", "a1")))
	-- ann again while online: the first session is kicked
	local old = players.ann.fd
	T("ann again", enter("ann"), ask("ann", "whoami", 1))
	T("ann old connection", tostring(lc.recv_package(old)))
	-- bob drops the connection and comes back
	socket.close(players.bob.fd)
	skynet.sleep(10)
	local fd, answer = lc.connect_gate(GAME, "bob", "arena", players.bob.subid, 1, players.bob.secret)
	T("bob back with the old index", tostring(answer))
	T("bob back with index 2", enter("bob", 2))
	T("bob session 1 again", ask("bob", "again", 1))
	T("bob session 2", ask("bob", "next", 2))
	local _, bad = lc.connect_gate(GAME, "cat", "arena", players.cat.subid, 2, "12345678")
	T("cat with a wrong secret", tostring(bad))
	T("cat says bye", ask("cat", "bye", 2))
	T("cat connection after bye", tostring(lc.recv_package(players.cat.fd)))
	T("cat logs in again", enter("cat"), ask("cat", "whoami", 1))
	lc.send_package(players.ann.fd, "shutdown" .. string.pack(">I4", 2))
	T("ann after shutdown", tostring(lc.recv_package(players.ann.fd)))
	skynet.abort()
end)
