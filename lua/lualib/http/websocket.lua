-- http.websocket: RFC 6455 websockets over skynet sockets, server and client.
-- After one HTTP/1.1 upgrade handshake the connection carries frames both ways:
-- each frame is a 2-14 byte header (fin, opcode, mask bit, length) and a payload,
-- which a client masks with 4 random bytes. Messages may span several frames.
local skynet = require "skynet"
local socket = require "skynet.socket"
local crypt = require "skynet.crypt"
local internal = require "http.internal"
local httpd = require "http.httpd"
local sockethelper = require "http.sockethelper"
local prototrace = require "skyglass.prototrace"

local socket_error = sockethelper.socket_error

-- Appended to the client's key before hashing: proves the server speaks websocket.
local GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
local MAX_FRAME_SIZE = 256 * 1024 -- a server refuses larger frames and messages
-- skyglass: and messages in more pieces than this. Empty fragments add nothing to
-- the size, so without a count a peer could grow the list of parts forever.
local MAX_FRAGMENTS = 4096
-- skyglass: a client refuses frames and messages larger than this. skynet's
-- client has no limit: a server claiming 2^62 bytes made it read (and hold)
-- without end. Large enough for any download a message should carry.
local MAX_CLIENT_MESSAGE = 16 * 1024 * 1024

local M = {}

local ws_pool = {} -- socket id -> websocket object

local op_code = {
	frame = 0x0, text = 0x1, binary = 0x2, close = 0x8, ping = 0x9, pong = 0xA,
	[0x0] = "frame", [0x1] = "text", [0x2] = "binary", [0x8] = "close", [0x9] = "ping", [0xA] = "pong",
}

local function close_websocket(ws)
	assert(ws_pool[ws.id] == ws)
	ws_pool[ws.id] = nil
	ws.close()
end

local function is_closed(id)
	return ws_pool[id] == nil
end

-- Serve `payload` (bytes read past the HTTP header) before reading the socket again.
local function prepend_read(ws, payload)
	if payload == "" then
		return
	end
	local read = ws.read
	ws.read = function(sz)
		if sz == nil or sz == #payload then
			ws.read = read
			return payload
		end
		if sz < #payload then
			local r = payload:sub(1, sz)
			payload = payload:sub(sz + 1)
			return r
		end
		ws.read = read
		return payload .. read(sz - #payload)
	end
end

local function accept_key(key)
	return crypt.base64encode(crypt.sha1(key .. GUID))
end

----------------------------------------------------------------------
-- frames
----------------------------------------------------------------------

local function write_frame(ws, op, payload, masking_key)
	payload = payload or ""
	local len = #payload
	local first = 0x80 | assert(op_code[op], op) -- fin set: we never fragment what we send
	local mask = masking_key and 0x80 or 0
	local head
	if len < 126 then
		head = string.pack("I1I1", first, mask | len)
	elseif len <= 0xffff then
		head = string.pack(">I1I1I2", first, mask | 126, len)
	else
		head = string.pack(">I1I1I8", first, mask | 127, len)
	end
	if masking_key then
		local key = string.pack(">I4", masking_key)
		head = head .. key
		payload = crypt.xor_str(payload, key)
	end
	prototrace.ws_frame(ws.id, true, op, true, mask ~= 0, len)
	ws.write(head .. payload)
end

-- A client must mask every frame (RFC 6455 5.3); skynet leaves that to the
-- caller, skyglass picks a random key when none is given so real servers accept it.
local function client_mask(ws, masking_key)
	if ws.mode == "client" and not masking_key then
		return string.unpack("<I4", crypt.randomkey())
	end
	return masking_key
end

local function protocol_error(fmt, ...)
	error({ protocol = string.format(fmt, ...) })
end

-- -> fin, op name, payload (unmasked). Raises on a frame that breaks the protocol.
local function read_frame(ws)
	local b1, b2 = string.unpack("I1I1", ws.read(2))
	local fin = b1 & 0x80 ~= 0
	local op = op_code[b1 & 0x0f]
	local masked = b2 & 0x80 ~= 0
	local len = b2 & 0x7f
	if not op then
		protocol_error("websocket: invalid opcode 0x%x", b1 & 0x0f)
	end
	if len == 126 then
		len = string.unpack(">I2", ws.read(2))
	elseif len == 127 then
		len = string.unpack(">I8", ws.read(8)) -- a negative Lua integer when the top bit is set
	end
	if op_code[op] >= 0x8 and (len > 125 or not fin) then
		protocol_error("websocket: invalid control frame (%s, length %d, fin %s)", op, len, tostring(fin))
	end
	if ws.mode == "server" then
		if len < 0 or len > MAX_FRAME_SIZE then
			protocol_error("payload_len is too large")
		end
		if not masked then
			protocol_error("websocket: client frame is not masked")
		end
	elseif len < 0 or len > MAX_CLIENT_MESSAGE then
		protocol_error("payload_len is too large")
	end
	local key = masked and ws.read(4)
	local payload = len > 0 and ws.read(len) or ""
	if key then
		payload = crypt.xor_str(payload, key)
	end
	prototrace.ws_frame(ws.id, false, op, fin, masked, len)
	return fin, op, payload
end

-- The status codes a peer may send (RFC 6455 7.4): 1004 is reserved, and 1005,
-- 1006 and 1015 only say, locally, that no close frame or no code came.
local function sendable_code(code)
	return (code >= 1000 and code <= 1003) or (code >= 1007 and code <= 1014) or (code >= 3000 and code <= 4999)
end

-- A close frame's status code and reason. As skynet's, only a payload with a
-- reason is read: a code alone (two bytes) gives nothing.
local function read_close(payload)
	if #payload > 2 then
		return string.unpack(">I2", payload), payload:sub(3)
	end
end

----------------------------------------------------------------------
-- handshakes
----------------------------------------------------------------------

-- Client: send the upgrade request and check the server's 101 answer.
local function write_handshake(ws, host, url, header)
	local key = crypt.base64encode(crypt.randomkey() .. crypt.randomkey())
	local request = {
		["Upgrade"] = "websocket",
		["Connection"] = "Upgrade",
		["Sec-WebSocket-Version"] = "13",
		["Sec-WebSocket-Key"] = key,
	}
	for k, v in pairs(header or {}) do
		assert(request[k] == nil, k)
		request[k] = v
	end
	local recvheader = {}
	local code, payload = internal.request(ws, "GET", host, url, recvheader, request)
	prototrace.ws_handshake(ws.id, code, url)
	if code ~= 101 then
		error(string.format("websocket handshake error: code[%s] info:%s", code, payload))
	end
	prepend_read(ws, payload)
	if (recvheader["upgrade"] or ""):lower() ~= "websocket" then
		error("websocket handshake upgrade must websocket")
	end
	if (recvheader["connection"] or ""):lower() ~= "upgrade" then
		error("websocket handshake connection must upgrade")
	end
	local accept = recvheader["sec-websocket-accept"]
	if not accept then
		error("websocket handshake need Sec-WebSocket-Accept")
	end
	if accept ~= accept_key(key) then
		error("websocket handshake invalid Sec-WebSocket-Accept")
	end
end

-- Server: read (or take, after httpd read it) the upgrade request and answer
-- 101. -> nil, header, url; or an HTTP status and its reason to refuse with.
local function read_handshake(ws, upgrade)
	local header, method, url
	if upgrade then
		header, method, url = upgrade.header, upgrade.method, upgrade.url
	else
		local lines = {}
		local payload = internal.recvheader(ws.read, lines, "")
		if not payload then
			return 413
		end
		prepend_read(ws, payload)
		local version
		method, url, version = (lines[1] or ""):match("^(%a+)%s+(%S+)%s+HTTP/([%d%.]+)$")
		if not method then
			return 400, "Invalid HTTP request line"
		end
		if (tonumber(version) or 0) < 1.1 then
			return 505
		end
		header = internal.parseheader(lines, 2, {})
	end
	if method ~= "GET" then
		return 400, "need GET method"
	end
	if not header then
		return 400
	end
	if (header["upgrade"] or ""):lower() ~= "websocket" then
		return 426, "Upgrade Required"
	end
	if not header["host"] then
		return 400, "host Required"
	end
	if not (header["connection"] or ""):lower():find("upgrade", 1, true) then
		return 400, "Connection must Upgrade"
	end
	local key = header["sec-websocket-key"]
	if not key then
		return 400, "Sec-WebSocket-Key Required"
	end
	local ok, raw = pcall(crypt.base64decode, key)
	if not ok or #raw ~= 16 then
		return 400, "Sec-WebSocket-Key invalid"
	end
	if header["sec-websocket-version"] ~= "13" then
		return 400, "Sec-WebSocket-Version must 13"
	end
	local subprotocol = ""
	local asked = header["sec-websocket-protocol"]
	if asked then
		-- As skynet: the only subprotocol offered is "chat".
		for p in asked:gmatch("[^%s,]+") do
			if p == "chat" then
				subprotocol = "Sec-WebSocket-Protocol: chat\r\n"
			end
		end
		if subprotocol == "" then
			return 400, "Sec-WebSocket-Protocol need include chat"
		end
	end
	ws.real_ip = header["x-real-ip"] -- set by a proxy such as nginx
	prototrace.ws_handshake(ws.id, 101, url) -- traced before the peer can act on the answer
	ws.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
		.. "Sec-WebSocket-Accept: " .. accept_key(key) .. "\r\n" .. subprotocol .. "\r\n")
	return nil, header, url
end

----------------------------------------------------------------------
-- connection objects
----------------------------------------------------------------------

local SSLCTX_CLIENT, SSLCTX_SERVER

local function new_ws(socket_id, protocol, mode, hostname)
	local ws = { id = assert(socket_id), mode = mode }
	if protocol == "ws" then
		ws.read = sockethelper.readfunc(socket_id)
		ws.write = sockethelper.writefunc(socket_id)
		ws.readall = function() return socket.readall(socket_id) end
		ws.close = function() socket.close(socket_id) end
	elseif protocol == "wss" then
		local tls = require "http.tlshelper"
		local ctx
		if mode == "client" then
			SSLCTX_CLIENT = SSLCTX_CLIENT or tls.newctx()
			ctx = SSLCTX_CLIENT
		else
			if not SSLCTX_SERVER then
				SSLCTX_SERVER = tls.newctx()
				SSLCTX_SERVER:set_cert(skynet.getenv("certfile") or "./server-cert.pem",
					skynet.getenv("keyfile") or "./server-key.pem")
			end
			ctx = SSLCTX_SERVER
		end
		local tls_ctx = tls.newtls(mode, ctx, hostname)
		if mode == "client" then
			tls.init_requestfunc(socket_id, tls_ctx)()
		else
			tls.init_responsefunc(socket_id, tls_ctx)()
		end
		ws.read = tls.readfunc(socket_id, tls_ctx)
		ws.write = tls.writefunc(socket_id, tls_ctx)
		ws.readall = tls.readallfunc(socket_id, tls_ctx)
		ws.close = function()
			socket.close(socket_id)
			tls_ctx:close()
		end
	else
		error(string.format("invalid websocket protocol:%s", tostring(protocol)))
	end
	ws_pool[socket_id] = ws
	return ws
end

local function try_handle(ws, name, ...)
	local f = ws.handle and ws.handle[name]
	if f then
		f(ws.id, ...)
	end
end

-- The server loop: handshake, then frames until a close frame or an error.
local function resolve_accept(ws, options)
	try_handle(ws, "connect")
	local code, err, url = read_handshake(ws, options and options.upgrade)
	if code then
		prototrace.ws_handshake(ws.id, code, tostring(err or ""))
		local ok, e = httpd.write_response(ws.write, code, err)
		if not ok then
			error(e)
		end
		try_handle(ws, "close")
		return
	end
	try_handle(ws, "handshake", err, url)
	local parts, size, first_op = {}, 0, nil
	while not is_closed(ws.id) do
		while ws.backlog and not is_closed(ws.id) and socket.disconnected(ws.id) == false do
			skynet.sleep(1) -- WARNING 0 never comes if the client leaves
		end
		local fin, op, payload = read_frame(ws)
		if op == "close" then
			local ccode, reason = read_close(payload)
			if ccode and not sendable_code(ccode) then
				-- skyglass: skynet's handler got such a code (0, 1005, 65535) as if sent
				protocol_error("websocket: invalid close code %d", ccode)
			end
			-- an empty close frame answers, as skynet's (RFC 6455 would echo the code)
			write_frame(ws, "close")
			try_handle(ws, "close", ccode, reason)
			return
		elseif op == "ping" then
			write_frame(ws, "pong", payload)
			try_handle(ws, "ping")
		elseif op == "pong" then
			try_handle(ws, "pong")
		elseif op == "frame" and not first_op then
			protocol_error("websocket: continuation frame without a first frame")
		elseif op ~= "frame" and first_op then
			protocol_error("websocket: new %s message inside a fragmented one", op)
		elseif fin and not first_op then
			try_handle(ws, "message", payload, op)
		else
			first_op = first_op or op
			parts[#parts + 1] = payload
			size = size + #payload
			if size > MAX_FRAME_SIZE then
				protocol_error("payload_len is too large")
			end
			if #parts > MAX_FRAGMENTS then
				protocol_error("websocket: more than %d fragments in one message", MAX_FRAGMENTS)
			end
			if fin then
				try_handle(ws, "message", table.concat(parts), first_op)
				parts, size, first_op = {}, 0, nil
			end
		end
	end
	try_handle(ws, "close")
end

----------------------------------------------------------------------
-- the API (skynet's)
----------------------------------------------------------------------

-- accept(socket_id, handle [, protocol [, addr [, options]]]) -> true, or false and the error.
-- Runs until the connection ends, calling handle.connect / handshake(id, header, url) /
-- message(id, data, "text"|"binary") / ping / pong / close(id, code, reason) /
-- error(id) / warning(ws, kib). options.upgrade = { header, method, url } takes over
-- a connection whose request httpd already read.
function M.accept(socket_id, handle, protocol, addr, options)
	if not (options and options.upgrade) then
		local ok, err = socket.start(socket_id)
		if not ok then
			return false, err
		end
	end
	-- As skynet's, an error setting the connection up (a TLS handshake a plain
	-- client broke, a protocol that is neither "ws" nor "wss") is raised from
	-- accept with its own traceback; on the way out the socket is closed
	-- (skynet's leaves it open, and its client waits on it for good).
	local ws
	do
		local _ <close> = setmetatable({}, { __close = function(_, e)
			-- (closed from a fork: a close waits, and this runs while the error unwinds)
			if e ~= nil then skynet.fork(socket.close, socket_id) end
		end })
		ws = new_ws(socket_id, protocol or "ws", "server")
	end
	ws.handle = handle
	ws.addr = addr
	-- skyglass: while more than 1 MiB of what the server wrote waits unsent
	-- (WARNING), no more frames are read: socket.lua then pauses the socket and
	-- TCP holds the client back. A client that sent pings or messages and never
	-- read the pongs and echoes grew the process by all of them (skynet's too).
	socket.warning(socket_id, function(_, sz)
		ws.backlog = sz > 0
		if handle and handle.warning then
			handle.warning(ws, sz)
		end
	end)
	local done, err = xpcall(resolve_accept, function(e)
		if type(e) == "table" then return e end -- socket_error and protocol errors carry no traceback
		return debug.traceback(e)
	end, ws, options)
	local was_closed = is_closed(socket_id)
	if not done and type(err) == "table" and err.protocol then
		-- Bad input from the peer: say why in a close frame, then drop only this connection.
		skynet.error(string.format("websocket %d (%s): %s", socket_id, tostring(addr), err.protocol))
		pcall(write_frame, ws, "close", string.pack(">I2", 1002) .. err.protocol:sub(1, 120))
		err = err.protocol
	end
	if not was_closed then
		close_websocket(ws)
	end
	if not done then
		if err == socket_error then
			try_handle(ws, was_closed and "close" or "error", err)
			return true
		end
		return false, err
	end
	return true
end

-- connect("ws://host:port/path" [, header [, timeout]]) -> socket id; raises on failure.
function M.connect(url, header, timeout)
	local protocol, host, uri = url:match("^(wss?)://([^/]+)(.*)$")
	if protocol ~= "ws" and protocol ~= "wss" then
		error(string.format("invalid protocol: %s", tostring(protocol)))
	end
	local host_addr, host_port = host:match("^([^:]+):?(%d*)$")
	assert(host_addr, host)
	if host_port == "" then
		host_port = protocol == "ws" and 80 or 443
	end
	local hostname = not host_addr:match("%d$") and host_addr or nil
	uri = uri == "" and "/" or uri
	local started = skynet.now()
	local socket_id = sockethelper.connect(host_addr, tonumber(host_port), timeout)
	-- skyglass: `timeout` bounds the TLS and HTTP handshakes too, by shutting the
	-- socket. skynet's bounds the connect alone: a server that accepted and never
	-- answered held the caller for good.
	local handshaking = true
	if timeout then
		skynet.timeout(math.max(1, started + timeout - skynet.now()), function()
			if handshaking then
				handshaking = "timed out"
				socket.shutdown(socket_id)
			end
		end)
	end
	local function timed_out()
		local late = handshaking == "timed out"
		handshaking = false
		if late then
			return string.format("websocket: %s: no handshake within %g s", url, timeout / 100)
		end
	end
	local ok, ws = pcall(new_ws, socket_id, protocol, "client", hostname)
	if not ok then
		local late = timed_out()
		socket.close(socket_id)
		error(late or ws)
	end
	ws.addr = host
	-- skyglass: while more than 1 MiB of what this client wrote waits unsent
	-- (WARNING), read answers no ping (RFC 6455 5.5.3 lets a pong answer only
	-- the latest). A server that sent pings and never read the pongs grew the
	-- process by all of them (40 MB of empty pings: +40 MiB and growing;
	-- skynet's alike).
	socket.warning(socket_id, function(_, sz)
		ws.backlog = sz > 0
	end)
	-- The Host header names the host without the port, as skynet's client sends it.
	local hs_ok, err = pcall(write_handshake, ws, host_addr, uri, header)
	local late = timed_out()
	if late or not hs_ok then
		close_websocket(ws)
		error(late or err)
	end
	return socket_id
end

-- read(id) -> the next whole message; false and the close payload when the peer closed.
function M.read(id)
	local ws = assert(ws_pool[id])
	local parts
	while true do
		local ok, fin, op, payload = pcall(read_frame, ws)
		if not ok then
			if type(fin) == "table" and fin.protocol then
				close_websocket(ws)
				error(fin.protocol)
			end
			error(fin)
		end
		if op == "close" then
			-- as skynet's: the connection is dropped without a close frame back
			close_websocket(ws)
			return false, payload
		elseif op == "ping" then
			if not ws.backlog then
				write_frame(ws, "pong", payload, client_mask(ws))
				-- a yield now and then lets the WARNING of a backlog reach us
				ws.pongs = (ws.pongs or 0) + 1
				if ws.pongs % 64 == 0 then skynet.yield() end
			end
		elseif op ~= "pong" then
			if fin and not parts then
				return payload
			end
			parts = parts or { size = 0 }
			parts[#parts + 1] = payload
			parts.size = parts.size + #payload
			if parts.size > MAX_CLIENT_MESSAGE then
				close_websocket(ws)
				error("payload_len is too large")
			end
			if #parts > MAX_FRAGMENTS then
				close_websocket(ws)
				error(string.format("websocket: more than %d fragments in one message", MAX_FRAGMENTS))
			end
			if fin then
				return table.concat(parts)
			end
		end
	end
end

-- write(id, data [, "text"|"binary" [, masking_key]])
function M.write(id, data, fmt, masking_key)
	local ws = assert(ws_pool[id])
	fmt = fmt or "text"
	assert(fmt == "text" or fmt == "binary")
	write_frame(ws, fmt, data, client_mask(ws, masking_key))
end

function M.ping(id)
	local ws = assert(ws_pool[id])
	write_frame(ws, "ping", nil, client_mask(ws))
end

function M.addrinfo(id)
	return assert(ws_pool[id]).addr
end

function M.real_ip(id)
	return assert(ws_pool[id]).real_ip
end

-- close(id [, code [, reason]]): send a close frame and drop the connection.
function M.close(id, code, reason)
	local ws = ws_pool[id]
	if not ws then
		return
	end
	local payload = code and string.pack(">I2", code) .. (reason or "") or nil
	local ok, err = pcall(write_frame, ws, "close", payload, client_mask(ws))
	close_websocket(ws)
	if not ok then
		skynet.error(tostring(err))
	end
end

M.is_close = is_closed

return M
