-- loginclient: the client side of skynet's login flow, over skynet.socket, for the
-- lesson's client and the tests. (skynet's own example client uses a C socket library.)
local socket = require "skynet.socket"
local crypt = require "skynet.crypt"

local b64encode, b64decode = crypt.base64encode, crypt.base64decode

local M = {}

local function readline(fd)
	return assert(socket.readline(fd), "the login server closed the connection")
end

-- The whole login exchange. `cheat` (tests only) breaks one step on purpose.
-- -> "200", subid, secret; or the error line the server sent (or nil when it just closed).
function M.login(port, user, server, password, cheat)
	cheat = cheat or {}
	local fd = assert(socket.open("127.0.0.1", port))
	local challenge = b64decode(readline(fd))
	local clientkey = crypt.randomkey()
	socket.write(fd, (cheat.clientkey or b64encode(crypt.dhexchange(clientkey))) .. "\n")
	local ok, line = pcall(readline, fd)
	if not ok or line:match("^%d%d%d ") then
		socket.close(fd) -- refused already: the line is the verdict
		return ok and line or nil
	end
	local secret = crypt.dhsecret(b64decode(line), clientkey)
	local hmac = crypt.hmac64(challenge, cheat.secret or secret)
	socket.write(fd, b64encode(hmac) .. "\n")
	-- The token travels DES-encrypted with the shared secret.
	local token = cheat.token or string.format("%s@%s:%s", b64encode(user), b64encode(server), b64encode(password))
	socket.write(fd, b64encode(crypt.desencode(secret, token)) .. "\n")
	local result = socket.readline(fd)
	socket.close(fd)
	if not result then
		return nil
	end
	local code = result:sub(1, 3)
	if code == "200" then
		return code, b64decode(result:sub(5)), secret
	end
	return result
end

-- netpack framing: 2-byte big-endian size, then the bytes.
function M.send_package(fd, text)
	socket.write(fd, string.pack(">s2", text))
end

function M.recv_package(fd)
	local head = socket.read(fd, 2)
	if not head then
		return nil
	end
	return socket.read(fd, string.unpack(">I2", head))
end

-- Connect to the game server and hand it the handshake. -> fd, "200 OK" (or the error).
function M.connect_gate(port, user, server, subid, index, secret, cheat)
	cheat = cheat or {}
	local fd = assert(socket.open("127.0.0.1", port))
	local username = string.format("%s@%s#%s", b64encode(user), b64encode(server), b64encode(subid))
	local handshake = string.format("%s:%d", username, index)
	local hmac = crypt.hmac_hash(cheat.secret or secret, handshake)
	M.send_package(fd, cheat.handshake or (handshake .. ":" .. b64encode(hmac)))
	return fd, M.recv_package(fd)
end

-- One request: content .. session; the response: content .. ok byte .. session.
function M.request(fd, text, session)
	M.send_package(fd, text .. string.pack(">I4", session))
	local reply = M.recv_package(fd)
	if not reply then
		return nil
	end
	local content, ok, got_session = reply:sub(1, -6), reply:byte(-5), string.unpack(">I4", reply, -4)
	return content, ok == 1, got_session
end

return M
