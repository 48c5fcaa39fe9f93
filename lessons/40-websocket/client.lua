-- client: does what the page's JavaScript does, from Lua: three HTTP polls (three
-- connections), then one websocket carrying three messages and their echoes.
local skynet = require "skynet"
require "skynet.manager" -- skynet.abort
local httpc = require "http.httpc"
local websocket = require "http.websocket"

local port = ...

skynet.start(function()
	local host = "127.0.0.1:" .. port
	local code, page = httpc.get(host, "/")
	skynet.error(string.format("client got the page: %d, %d bytes", code, #page))
	for n = 1, 3 do
		local _, body = httpc.get(host, "/poll?n=" .. n)
		skynet.error("client poll: " .. body)
	end
	local ws = websocket.connect("ws://" .. host .. "/ws")
	for n = 1, 3 do
		websocket.write(ws, "hello " .. n)
		skynet.error("client websocket: " .. websocket.read(ws))
	end
	websocket.close(ws, 1000, "done")
	httpc.get(host, "/report?ws=3&http=3")
	skynet.sleep(10) -- let the server see the close before the runtime stops
	skynet.abort(0)
end)
