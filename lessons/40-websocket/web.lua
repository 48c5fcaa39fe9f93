-- web: one listening port, two protocols. Every connection starts as HTTP: httpd
-- reads one request. GET / serves the page, GET /poll answers one poll and the
-- connection ends; GET /ws with "Upgrade: websocket" turns the same TCP connection
-- into a websocket that stays open for as many frames as the page sends.
local skynet = require "skynet"
require "skynet.manager" -- skynet.abort
local socket = require "skynet.socket"
local httpd = require "http.httpd"
local sockethelper = require "http.sockethelper"
local urllib = require "http.url"
local websocket = require "http.websocket"

local page -- index.html, read once
local polls = 0 -- how many HTTP polls were answered, over all connections

-- The websocket side: each text frame comes back as "echo: <text>".
local ws_handler = {
	handshake = function(id, header, url)
		skynet.error(string.format("websocket %d open (%s)", id, url))
	end,
	message = function(id, text, op)
		-- lesson 40.3: one more frame on the same connection: no new header, no new TCP handshake
		websocket.write(id, "echo: " .. text, op)
	end,
	close = function(id, code, reason)
		skynet.error(string.format("websocket %d closed (%s)", id, tostring(code)))
	end,
}

-- "connection: close" tells the browser not to reuse this connection: we close it.
local function respond(id, code, body, header)
	header = header or {}
	header.connection = "close"
	httpd.write_response(sockethelper.writefunc(id), code, body, header)
end

local function serve(id, addr)
	socket.start(id)
	-- lesson 40.1: every HTTP request arrives with its request line and a full header
	local code, url, method, header = httpd.read_request(sockethelper.readfunc(id), 8192)
	if not code then
		if url ~= sockethelper.socket_error then
			skynet.error(string.format("http: socket %d: %s", id, tostring(url)))
		end
		socket.close(id)
		return
	end
	if code ~= 200 then
		respond(id, code)
		socket.close(id)
		return
	end
	-- url.parse and parse_query raise on a "%" not followed by hex, as
	-- skynet's: answer 400
	local parsed, path, query = pcall(urllib.parse, url)
	local fields = {}
	if parsed then parsed, fields = pcall(urllib.parse_query, query) end
	if not parsed then
		respond(id, 400)
		socket.close(id)
		return
	end
	if path == "/ws" then
		-- lesson 40.2: the upgrade: answer 101 and keep the connection for websocket frames
		websocket.accept(id, ws_handler, "ws", addr, { upgrade = { header = header, method = method, url = url } })
		return -- accept returns when the websocket is closed
	end
	if path == "/" then
		respond(id, 200, page, { ["content-type"] = "text/html; charset=utf-8" })
	elseif path == "/poll" then
		polls = polls + 1
		local n = fields.n or "?"
		respond(id, 200, string.format("poll %s answered (%d so far)", n, polls), { ["content-type"] = "text/plain" })
	elseif path == "/report" then
		local q = fields
		skynet.error(string.format("page report: %s websocket echoes, %s http polls", q.ws, q.http))
		respond(id, 200, "thanks")
	elseif path == "/quit" then
		respond(id, 200, "bye")
		skynet.timeout(10, function() skynet.abort(0) end)
	else
		respond(id, 404, "no such page: " .. path)
	end
	-- lesson 40.4: a plain HTTP exchange ends here; the next poll is a new connection
	socket.close(id)
end

skynet.start(function()
	local f = assert(io.open("lessons/40-websocket/index.html"))
	page = f:read("a")
	f:close()
	local listen_id, addr, port = socket.listen("127.0.0.1", 0)
	skynet.error(string.format("web listening on %s:%d", addr, port))
	socket.start(listen_id, serve)
	skynet.dispatch("lua", function()
		skynet.ret(skynet.pack(port))
	end)
end)
