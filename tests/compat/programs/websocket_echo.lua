-- websocket_echo: an http.websocket server (accept with handlers) and a client (connect, write text/binary/large, ping, read, close) on 127.0.0.1, plus a plain HTTP request to the websocket port.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
local websocket = require "http.websocket"

local mode = ...
local log = skynet.error

if mode == "agent" then
	local handle = {}
	function handle.connect(id)
		log("server: connect", type(id))
	end
	function handle.handshake(id, header, url)
		log("server: handshake", url, header["upgrade"], header["sec-websocket-version"], header["x-custom"])
	end
	function handle.message(id, msg, msg_type)
		log("server: message", msg_type, #msg, msg_type == "binary" and "(bytes)" or #msg < 40 and msg or msg:sub(1, 8) .. "...")
		if msg == "close me" then
			websocket.close(id, 4000, "asked to")
		else
			websocket.write(id, "echo:" .. msg, msg_type)
		end
	end
	function handle.ping(id)
		log("server: ping")
	end
	function handle.pong(id)
		log("server: pong")
	end
	function handle.close(id, code, reason)
		log("server: close", code, reason)
	end
	function handle.error(id)
		log("server: error")
	end
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, id, protocol, addr)
			local ok, err = websocket.accept(id, handle, protocol, addr)
			log("server: accept returned", ok, err)
		end)
	end)
	return
end

skynet.start(function()
	local agent = skynet.newservice(SERVICE_NAME, "agent")
	local lid, _, port = socket.listen("127.0.0.1", 0)
	socket.start(lid, function(id, addr)
		skynet.send(agent, "lua", id, "ws", addr)
	end)
	local url = string.format("ws://127.0.0.1:%d/chat?room=1", port)
	local ws = websocket.connect(url, { ["X-Custom"] = "yes" })
	log("client: connected", type(ws))
	websocket.write(ws, "hello")
	log("client: read", websocket.read(ws))
	websocket.write(ws, "\0\1\2", "binary")
	local r, kind = websocket.read(ws)
	log("client: read binary", #r, kind)
	local big = string.rep("abcdefgh", 10000)
	websocket.write(ws, big)
	local back = websocket.read(ws)
	log("client: read big", #back, back == "echo:" .. big)
	websocket.ping(ws)
	skynet.sleep(5)
	log("client: addrinfo", (tostring(websocket.addrinfo(ws)):gsub("%d+", "N")))
	websocket.write(ws, "close me")
	local ok, payload = websocket.read(ws)
	log("client: read after close", ok, (payload:gsub(".", function(c) return string.format("%02x", c:byte()) end)))
	skynet.sleep(5)
	log("client: write after close", pcall(websocket.write, ws, "late"))
	-- a plain HTTP request to a websocket endpoint is refused
	local fd = socket.open("127.0.0.1", port)
	socket.write(fd, "GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
	local status = socket.readline(fd, "\r\n")
	log("plain http", status)
	socket.close(fd)
	skynet.sleep(5)
	-- a second client, left open (when a client closes, skynet's server
	-- answers the close frame into a socket the client already shut, and
	-- logs "socket: error on unknown N Broken pipe"; skyglass does not)
	local ws2 = websocket.connect(url)
	websocket.write(ws2, "second")
	log("client 2: read", websocket.read(ws2))
	log("connect refused", pcall(websocket.connect, "ws://127.0.0.1:1/x"))
	skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
	skynet.abort()
end)
