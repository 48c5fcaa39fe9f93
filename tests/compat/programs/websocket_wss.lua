-- websocket_wss: http.websocket over TLS: a wss server (its certificate from the certfile and keyfile
-- settings, set by the program) with its handlers, and a wss client: text, binary, a 70,000-byte message,
-- ping, a close with a code and reason from the server, a write after it; plain bytes to the wss port (the
-- server's accept raises), a URL that is not ws or wss.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"

local function show(v)
	if type(v) == "string" and #v > 40 then return "<" .. #v .. " bytes>" end
	return (tostring(v):gsub("fd = %d+", "fd = N"))
end

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	for i = 2, r.n do r[i] = show(r[i]) end
	skynet.error(what, table.unpack(r, 1, r.n))
end

local done = {}
local function finished(name)
	done[name] = true
	skynet.wakeup(done)
end
local function wait_for(name)
	while not done[name] do skynet.wait(done) end
	done[name] = nil
end

skynet.start(function()
	require("ltls.init.c").constructor()
	local websocket = require "http.websocket"
	local certfile, keyfile = require("tls_files").write_pair()
	skynet.setenv("certfile", certfile)
	skynet.setenv("keyfile", keyfile)

	local handle = {}
	function handle.connect(id) skynet.error("server connect") end
	function handle.handshake(id, header, url) skynet.error("server handshake", url, header.upgrade) end
	function handle.message(id, msg, op)
		skynet.error("server message", op, show(msg))
		if msg == "close me" then
			websocket.close(id, 4001, "asked")
		else
			websocket.write(id, "echo:" .. msg, op)
		end
	end
	function handle.ping(id) skynet.error("server ping") end
	function handle.pong(id) skynet.error("server pong") end
	function handle.close(id, code, reason) skynet.error("server close", code, reason) end
	function handle.error(id) skynet.error("server error") end

	local listener, _, port = socket.listen("127.0.0.1", 0)
	socket.start(listener, function(id, addr)
		skynet.fork(function()
			local ok, err = websocket.accept(id, handle, "wss", addr)
			skynet.error("accept returned", ok, show(err))
			finished("accept")
		end)
	end)

	local url = "wss://127.0.0.1:" .. port .. "/chat?room=1"
	local ws = websocket.connect(url)
	websocket.write(ws, "hello")
	try("read text", websocket.read, ws)
	websocket.write(ws, "bin", "binary")
	try("read binary", websocket.read, ws)
	websocket.write(ws, string.rep("z", 70000), "binary")
	try("read big", websocket.read, ws)
	websocket.ping(ws)
	websocket.write(ws, "after ping")
	try("read after ping", websocket.read, ws)
	websocket.write(ws, "close me")
	try("read close", websocket.read, ws)
	wait_for "accept"
	try("write after close", websocket.write, ws, "late")

	-- plain bytes to the wss port: the server's accept raises out of its fork (the client says nothing)
	local raw = socket.open("127.0.0.1", port)
	socket.write(raw, "GET /x HTTP/1.1\r\nHost: a\r\n\r\n")
	skynet.sleep(20)
	socket.close(raw)
	socket.close(listener)

	-- (a wss client to a server that hangs up at once is left out: on skynet a
	-- "socket: error on N Connection reset by peer" line comes or not by timing)
	try("bad scheme", websocket.connect, "http://127.0.0.1:" .. port .. "/x")
	os.remove(certfile)
	os.remove(keyfile)
	skynet.sleep(10)
	skynet.abort()
end)
