-- login_edges: snax.loginserver's failures as real clients cause them: a DH key that is not 8 bytes, one that is not
-- base64, a client gone after the challenge, a wrong token encryption, a user auth refuses (401), the same user twice
-- at once with multilogin off (406), login_handler raising a table (403), a login_handler returning nil (200 and an
-- empty subid), a line past socket.limit's 8 KB, and command_handler called by another service (and raising).
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
local crypt = require "skynet.crypt"
local log = skynet.error

-- steps: what the client sends after the challenge; "close" ends it there
local function client(port, name, user, how)
	local fd = assert(socket.open("127.0.0.1", port))
	local challenge = crypt.base64decode(socket.readline(fd))
	if how == "close" then
		socket.close(fd)
		log("client", name, "closed after the challenge")
		return
	elseif how == "short key" then
		socket.write(fd, crypt.base64encode("1234") .. "\n")
	elseif how == "bad base64" then
		socket.write(fd, "!!!!\n")
	elseif how == "long line" then
		socket.write(fd, string.rep("A", 10000) .. "\n")
	else
		local clientkey = crypt.randomkey()
		socket.write(fd, crypt.base64encode(crypt.dhexchange(clientkey)) .. "\n")
		local secret = crypt.dhsecret(crypt.base64decode(socket.readline(fd)), clientkey)
		socket.write(fd, crypt.base64encode(crypt.hmac64(challenge, secret)) .. "\n")
		local token = user .. "@game"
		if how == "bad token" then
			socket.write(fd, crypt.base64encode("1234567") .. "\n")
		else
			socket.write(fd, crypt.base64encode(crypt.desencode(secret, token)) .. "\n")
		end
	end
	local result = socket.readline(fd)
	if result and result:sub(1, 3) == "200" then
		result = "200 " .. crypt.base64decode(result:sub(5))
	end
	log("client", name, result)
	socket.close(fd)
end

skynet.start(function()
	local lid, _, port = socket.listen("127.0.0.1", 0)
	socket.close(lid)
	local logind = skynet.newservice("login_edges_logind", port)
	skynet.sleep(5)
	client(port, "short key", "a", "short key")
	client(port, "bad base64", "a", "bad base64")
	client(port, "close", "a", "close")
	skynet.sleep(5)
	client(port, "bad token", "a", "bad token")
	client(port, "nobody", "nobody")
	client(port, "table", "table")
	client(port, "nil", "nil")
	client(port, "long line", "a", "long line")
	local done = 0
	for i = 1, 2 do
		skynet.fork(function()
			client(port, "slow " .. i, "slow")
			done = done + 1
		end)
		skynet.sleep(2)
	end
	for _ = 1, 100 do
		if done == 2 then break end
		skynet.sleep(1)
	end
	log("command", skynet.call(logind, "lua", "hello", 1))
	log("command raise", pcall(skynet.call, logind, "lua", "raise"))
	skynet.sleep(10)
	skynet.abort()
end)
