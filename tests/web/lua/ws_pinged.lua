-- ws_pinged: http.websocket as a client of a hostile server (test_ws_client_attacks.py):
-- connects to ws://127.0.0.1:WS_PORT/ and reads until the read fails, logging each result.
local skynet = require "skynet"
local websocket = require "http.websocket"

skynet.start(function()
	local port = skynet.getenv("ws_port")
	local id = websocket.connect("ws://127.0.0.1:" .. port .. "/")
	skynet.error("ws_pinged: connected")
	while true do
		local ok, data, payload = pcall(websocket.read, id)
		if not ok then
			skynet.error("ws_pinged: read failed: " .. tostring(data))
			break
		end
		if data == false then
			skynet.error("ws_pinged: closed by the server")
			break
		end
		skynet.error(string.format("ws_pinged: message of %d bytes", #data))
	end
end)
