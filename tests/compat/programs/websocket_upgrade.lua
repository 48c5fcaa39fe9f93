-- websocket_upgrade: one port serving plain HTTP and websockets: httpd.read_request reads each request, and an
-- upgrade request is handed to websocket.accept with options.upgrade (header, method, url); a plain GET is answered
-- by httpd.write_response. The websocket client is http.websocket's own; also an upgrade without a key (400 from
-- the upgrade path), one with a "chat" subprotocol and one with another, and httpc to the same port.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
local httpd = require "http.httpd"
local httpc = require "http.httpc"
local sockethelper = require "http.sockethelper"
local websocket = require "http.websocket"
local log = skynet.error

local handle = {
	handshake = function(id, header, url) log("ws handshake", url, header["x-who"]) end,
	message = function(id, msg, op)
		log("ws message", msg, op)
		if msg == "quit" then
			websocket.close(id, 1000, "server done") -- the server closes first: nobody writes to a closed peer
			return
		end
		websocket.write(id, "echo " .. msg)
	end,
	close = function(id, code, reason) log("ws close", code, reason) end,
}

local served = 0 -- requests whose handling has ended (the raw client logs after it: the two race)

local function serve(id, addr)
	socket.start(id)
	local code, url, method, header, body = httpd.read_request(sockethelper.readfunc(id), 8192)
	log("request", code, method, url, header and header["upgrade"])
	if code ~= 200 then
		httpd.write_response(sockethelper.writefunc(id), code)
		socket.close(id)
		return
	end
	if header["upgrade"] then
		local ok, err = websocket.accept(id, handle, "ws", addr, { upgrade = { header = header, method = method, url = url } })
		log("accept returned", ok, err)
		served = served + 1
		return
	end
	httpd.write_response(sockethelper.writefunc(id), 200, "plain " .. url, { ["X-Served"] = "yes" })
	socket.close(id)
	served = served + 1
end

local function raw(port, request)
	local c = socket.open("127.0.0.1", port)
	socket.write(c, request)
	local head = socket.readline(c, "\r\n\r\n")
	local want = served + 1
	for _ = 1, 100 do
		if served >= want then break end
		skynet.sleep(1)
	end
	log("raw answer", head and head:match("^[^\r]+"), head and head:match("Sec%-WebSocket%-Protocol: ([^\r]+)"))
	socket.close(c)
end

skynet.start(function()
	local lid, _, port = socket.listen("127.0.0.1", 0)
	socket.start(lid, function(id, addr) skynet.fork(serve, id, addr) end)
	local host = "127.0.0.1:" .. port

	local recv = {}
	log("httpc", httpc.get(host, "/page", recv))
	log("httpc header", recv["x-served"])

	local ws = websocket.connect("ws://" .. host .. "/ws?room=1", { ["X-Who"] = "me" })
	websocket.write(ws, "hi")
	log("client read", websocket.read(ws))
	websocket.write(ws, "quit")
	local ok, payload = websocket.read(ws)
	log("client read close", ok, payload and #payload)
	skynet.sleep(5)

	local base = "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
	raw(port, base .. "\r\n")
	raw(port, base .. "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: superchat, chat\r\n\r\n")
	raw(port, base .. "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: other\r\n\r\n")
	raw(port, "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n")
	skynet.sleep(10)
	skynet.abort()
end)
