-- client: a sproto client over a TCP connection: each request is a sproto
-- packet framed by netpack (2-byte big-endian length). It checks every answer,
-- sends a garbage packet and checks the agent still answers, and ends the
-- process with status 0 only if all went well.
local skynet = require "skynet"
local socket = require "skynet.socket"
local sproto = require "sproto"
local sprotoloader = require "sprotoloader"
require "skynet.manager"

local port = ...
local sp = sprotoloader.load(1)
local host = sp:host "package"
local request = host:attach(sp)

local fd
local session = 0

local function read_packet()
	local header = assert(socket.read(fd, 2), "connection closed")
	return assert(socket.read(fd, string.unpack(">I2", header)), "connection closed")
end

-- Sends a request and, if it has a session, returns the decoded answer.
local function call(name, args)
	session = session + 1
	socket.write(fd, string.pack(">s2", request(name, args, session)))
	local kind, s, result = host:dispatch(read_packet())
	assert(kind == "RESPONSE" and s == session, "an answer for another session")
	return result
end

skynet.start(function()
	local ok, err = pcall(function()
		fd = assert(socket.open("127.0.0.1", tonumber(port)))
		local hello = call("handshake")
		skynet.error("client: handshake says " .. hello.msg)
		-- a request without a session gets no answer
		socket.write(fd, string.pack(">s2", request("set", { what = "hello", value = "world" })))
		local got = call("get", { what = "hello" })
		assert(got.result == "world", "get after set: " .. tostring(got.result))
		-- garbage: the agent's dispatch raises, the agent logs it and goes on
		socket.write(fd, string.pack(">s2", "\xff\x09garbage"))
		socket.write(fd, string.pack(">s2", sproto.pack("\x05\x00")))
		got = call("get", { what = "nothing here" })
		assert(got.result == "(nothing)", "the agent must still answer")
		skynet.error("client: all answers checked")
	end)
	if not ok then skynet.error("client: FAILED: " .. tostring(err)) end
	if fd then socket.close(fd) end
	skynet.sleep(10)
	skynet.abort(ok and 0 or 1)
end)
