-- ws_client: http.websocket as a client, against Python's websockets echo server
-- (WS_PORT = "echo_port,bad_port,wss_port"; bad_port answers the handshake with a wrong
-- key; wss_port is the same echo server over TLS with a self-signed certificate).
local skynet = require "skynet"
local websocket = require "http.websocket"
local t = require "testlib"

local echo_port, bad_port, wss_port = skynet.getenv("ws_port"):match("^(%d+),(%d+),(%d+)$")

t.run("ws_client", {
	{ "text, binary and a 100 KB message come back from the echo server", function()
		local id = websocket.connect("ws://127.0.0.1:" .. echo_port .. "/echo")
		websocket.write(id, "hello from skyglass")
		t.eq(websocket.read(id), "hello from skyglass", "text echo")
		local bin = "\0\1\2\255binary"
		websocket.write(id, bin, "binary")
		t.eq(websocket.read(id), bin, "binary echo")
		local big = string.rep("0123456789", 10000) -- needs the 8-byte length form
		websocket.write(id, big)
		t.eq(websocket.read(id), big, "large echo")
		websocket.ping(id)
		websocket.write(id, "after ping")
		t.eq(websocket.read(id), "after ping", "the pong is skipped by read")
		websocket.close(id, 1000, "done")
		t.eq(websocket.is_close(id), true, "closed")
	end },
	{ "wss: the same over TLS", function()
		local id = websocket.connect("wss://127.0.0.1:" .. wss_port .. "/echo")
		websocket.write(id, "over tls")
		t.eq(websocket.read(id), "over tls", "text echo over TLS")
		local big = string.rep("tls!", 20000)
		websocket.write(id, big, "binary")
		t.eq(websocket.read(id), big, "80 KB binary echo over TLS")
		websocket.close(id, 1000)
	end },
	{ "the server closing is read as false", function()
		local id = websocket.connect("ws://127.0.0.1:" .. echo_port .. "/close-me")
		websocket.write(id, "close please")
		local data, payload = websocket.read(id)
		t.eq(data, false, "read after the server's close")
		t.eq(string.unpack(">I2", payload), 1000, "close code")
	end },
	{ "a wrong Sec-WebSocket-Accept is refused", function()
		t.raises(function() websocket.connect("ws://127.0.0.1:" .. bad_port .. "/") end,
			"websocket handshake invalid Sec-WebSocket-Accept", "connect to bad server")
	end },
	{ "a frame that claims 2^40 bytes is refused at its header", function()
		local id = websocket.connect("ws://127.0.0.1:" .. bad_port .. "/huge")
		t.raises(function() websocket.read(id) end, "payload_len is too large", "read of the huge frame")
	end },
	{ "a message of endless empty fragments is refused", function()
		local id = websocket.connect("ws://127.0.0.1:" .. bad_port .. "/fragments")
		t.raises(function() websocket.read(id) end, "more than 4096 fragments", "read of the endless message")
	end },
	{ "an unknown scheme is refused", function()
		t.raises(function() websocket.connect("http://127.0.0.1:1/") end, "invalid protocol", "http://")
	end },
})
