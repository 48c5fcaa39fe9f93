-- test_login: snax.loginserver and snax.msgserver (lesson 41's logind and gated):
-- the happy path, every refusal the protocols define, and the response cache.
local skynet = require "skynet"
local socket = require "skynet.socket"
local crypt = require "skynet.crypt"
local lc = require "loginclient"
local t = require "testlib"

local login_port, gate_port
local subid, secret

t.run("test_login", {
	{ "start the login server and a gate named cocos1", function()
		local logind = skynet.newservice("logind")
		login_port = skynet.call(logind, "lua", "port")
		local gate = skynet.newservice("gated", logind)
		gate_port = skynet.call(gate, "lua", "open", { address = "127.0.0.1", port = 0, servername = "cocos1" })
		assert(login_port > 0 and gate_port > 0, "ports")
	end },
	{ "the seed's token logs in: 200 and a subid; both ends hold the same secret", function()
		local code
		code, subid, secret = lc.login(login_port, "test1", "cocos1", "123")
		t.eq(code, "200", "login")
		t.eq(subid, "1", "subid")
		t.eq(#secret, 8, "secret size")
	end },
	{ "bad logins get 401 and only their connection closes", function()
		t.eq(lc.login(login_port, "test1", "cocos1", "wrong"), "401 Unauthorized", "wrong password")
		t.eq(lc.login(login_port, "nobody", "cocos1", "123"), "401 Unauthorized", "unknown user")
		t.eq(lc.login(login_port, "x", "x", "x", { clientkey = crypt.base64encode("short") }), "401 Unauthorized",
			"a client key that is not 8 bytes")
		t.eq(lc.login(login_port, "test1", "cocos1", "123", { secret = "12345678" }), "401 Unauthorized",
			"a wrong challenge answer")
		t.eq(lc.login(login_port, "test1", "cocos1", "123", { token = "not a token" }), "401 Unauthorized",
			"a malformed token")
		t.eq(lc.login(login_port, "test1", "nosuchserver", "123"), "403 Forbidden", "an unknown game server")
	end },
	{ "the gate accepts the handshake and answers requests with their session", function()
		local fd, answer = lc.connect_gate(gate_port, "test1", "cocos1", subid, 1, secret)
		t.eq(answer, "200 OK", "handshake")
		local reply, ok, session = lc.request(fd, "hello", 7)
		t.eq(reply, "echo: hello", "reply")
		t.eq(ok, true, "ok byte")
		t.eq(session, 7, "session")
		socket.close(fd)
	end },
	{ "a reconnect may ask again for a session: the cached response comes back", function()
		local fd, answer = lc.connect_gate(gate_port, "test1", "cocos1", subid, 2, secret)
		t.eq(answer, "200 OK", "handshake index 2")
		t.eq(lc.request(fd, "hello", 7), "echo: hello", "session 7 again, from the cache")
		t.eq(lc.request(fd, "new", 8), "echo: new", "a new session")
		socket.close(fd)
	end },
	{ "bad handshakes: 403 replayed index, 401 wrong secret, 404 unknown user, 400 garbage", function()
		local _, a = lc.connect_gate(gate_port, "test1", "cocos1", subid, 2, secret)
		t.eq(a, "403 Index Expired", "replayed index")
		_, a = lc.connect_gate(gate_port, "test1", "cocos1", subid, 3, "12345678")
		t.eq(a, "401 Unauthorized", "wrong secret")
		_, a = lc.connect_gate(gate_port, "nobody", "cocos1", "1", 1, secret)
		t.eq(a, "404 User Not Found", "unknown user")
		local username = string.format("%s@%s#%s", crypt.base64encode("test1"), crypt.base64encode("cocos1"),
			crypt.base64encode(subid))
		_, a = lc.connect_gate(gate_port, "test1", "cocos1", subid, 3, secret, { handshake = username .. ":x:y" })
		t.eq(a, "400 Bad Request", "an index that is not a number")
		local fd
		fd, a = lc.connect_gate(gate_port, "test1", "cocos1", subid, 3, secret)
		t.eq(a, "200 OK", "the user can still come in")
		socket.close(fd)
	end },
	{ "logging in again kicks the first session", function()
		local code, subid2, secret2 = lc.login(login_port, "test1", "cocos1", "123")
		t.eq(code, "200", "second login")
		t.eq(subid2, "2", "a new subid")
		local _, a = lc.connect_gate(gate_port, "test1", "cocos1", subid, 4, secret)
		t.eq(a, "404 User Not Found", "the old session is gone")
		local fd
		fd, a = lc.connect_gate(gate_port, "test1", "cocos1", subid2, 1, secret2)
		t.eq(a, "200 OK", "the new session works")
		socket.close(fd)
	end },
})
