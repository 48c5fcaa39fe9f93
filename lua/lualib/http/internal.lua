-- http.internal: the HTTP/1.1 pieces that httpd, httpc and websocket share:
-- reading a header block, parsing header lines, chunked bodies, one client request.
-- `readbytes(n)` returns n bytes, `readbytes()` whatever has arrived; both raise
-- (sockethelper.socket_error) when the connection is gone.
local M = {}

-- The largest header block accepted (request or status line included). A peer
-- that sends more without the blank line gets 413 rather than our memory.
M.LIMIT = 8192

-- Read up to and including the blank line that ends a header block. `header` is
-- what was already read. Each header line (request/status line first) goes into
-- `lines`; the bytes after the blank line are returned (the start of the body),
-- or nothing when more than LIMIT bytes have come without that blank line. As
-- skynet's, the limit is looked at only while the end is missing: a block that
-- came whole with its end is taken at any size (one read's worth at most).
function M.recvheader(readbytes, lines, header)
	if header:sub(1, 2) == "\r\n" then
		return header:sub(3)  -- no header lines at all
	end
	local e = header:find("\r\n\r\n", 1, true)
	while not e do
		local from = math.max(1, #header - 2)
		header = header .. readbytes()
		e = header:find("\r\n\r\n", from, true)
		if not e then
			if header:sub(1, 2) == "\r\n" then
				return header:sub(3)
			end
			if #header > M.LIMIT then
				return
			end
		end
	end
	for line in header:sub(1, e + 1):gmatch("(.-)\r\n") do
		lines[#lines + 1] = line
	end
	return header:sub(e + 4)
end

-- Parse `lines[from..]` ("Name: value") into `header` with lower-case names. A
-- name seen twice gets a list of its values; a line starting with a tab
-- continues the previous value. Nothing when a line is not a header line.
function M.parseheader(lines, from, header)
	local name
	for i = from, #lines do
		local line = lines[i]
		if line:byte(1) == 9 then
			if name == nil then
				return
			end
			local v = header[name]
			if type(v) == "table" then
				-- a header seen twice: skynet's concatenates the list and fails (read_request
				-- then answers nil and this text); ours says the same, here
				error("attempt to concatenate a table value (field '?')")
			end
			header[name] = v .. line:sub(2)
		else
			-- skynet's pattern: the name may be empty (":x" is the name "")
			local n, value = line:match("^(.-):%s*(.*)")
			if n == nil then
				return
			end
			name = n:lower()
			local old = header[name]
			if old == nil then
				header[name] = value
			elseif type(old) == "table" then
				old[#old + 1] = value
			else
				header[name] = { old, value }
			end
		end
	end
	return header
end

-- Chunked bodies are read with a position into the bytes that have arrived,
-- not by cutting off what was read: cutting copied the rest of the buffer at
-- every chunk, so 2.5 MB of 1-byte chunks held the service for over 10 s
-- (quadratic); now each byte is copied once or twice (about 40 ms).

-- The size line of the chunk at body[pos..]: hex digits then CRLF.
-- -> size, body, the position after the line; nil if malformed.
local function chunksize(readbytes, body, pos)
	while true do
		local f, e = body:find("\r\n", pos, true)
		if f then
			-- The whole line is the size in hex, as skynet's tonumber(line, 16)
			-- reads it (so a ";extension" fails there and here), but for what
			-- would not be a size: more than 15 significant digits (they wrap a
			-- Lua integer, to 0 perhaps: a false last chunk) or a minus sign.
			local line = body:sub(pos, f - 1)
			local hex = line:match("^%s*0*(%x*)%s*$")
			if not hex or #hex > 15 or not tonumber(line, 16) then
				return nil
			end
			return tonumber(line, 16), body, e + 1
		end
		if #body - pos + 1 > 128 then
			return nil  -- a size line is never this long: someone streams garbage
		end
		body, pos = body:sub(pos) .. readbytes(), 1
	end
end

-- The chunk's `sz` bytes of data at body[pos..], then the CRLF that ends them.
-- -> the data, body, the position after the CRLF; nil if the CRLF is missing.
local function chunkdata(readbytes, body, pos, sz)
	local data
	local have = #body - pos + 1
	if have >= sz then
		data, pos = body:sub(pos, pos + sz - 1), pos + sz
	else
		data, body, pos = body:sub(pos) .. readbytes(sz - have), "", 1
	end
	if #body - pos + 1 < 2 then
		body, pos = body:sub(pos) .. readbytes(2 - (#body - pos + 1)), 1
	end
	if body:sub(pos, pos + 1) ~= "\r\n" then
		return nil
	end
	return data, body, pos + 2
end

-- Read a chunked body (`body` holds what already arrived). -> body, header (with
-- trailer fields added); nil when malformed, nil and "limit" when over `bodylimit`.
function M.recvchunkedbody(readbytes, bodylimit, header, body)
	local parts, size, pos = {}, 0, 1
	while true do
		local sz, data
		sz, body, pos = chunksize(readbytes, body, pos)
		if not sz then
			return nil
		end
		if sz == 0 then
			break
		end
		size = size + sz
		if bodylimit and size > bodylimit then
			return nil, "limit"
		end
		data, body, pos = chunkdata(readbytes, body, pos, sz)
		if not data then
			return nil
		end
		parts[#parts + 1] = data
	end
	local trailer = {}
	if not M.recvheader(readbytes, trailer, body:sub(pos)) then
		return nil
	end
	header = M.parseheader(trailer, 1, header)
	if not header then
		return nil -- a trailer line that is not "Name: value"
	end
	return table.concat(parts), header
end

-- Client side: send one request through `interface` (read, write, readall) and
-- read the status line and header. -> code, start of body, header.
function M.request(interface, method, host, url, recvheader, header, content)
	local out = { string.format("%s %s HTTP/1.1\r\n", method, url) }
	if header then
		if not header.host and not header.Host then
			header.Host = host
		end
		for k, v in pairs(header) do
			out[#out + 1] = string.format("%s:%s\r\n", k, v)
		end
	else
		out[#out + 1] = string.format("host:%s\r\n", host)
	end
	local chunked = header and header["transfer-encoding"] == "chunked"
	if not chunked then
		out[#out + 1] = string.format("Content-length:%d\r\n", content and #content or 0)
	end
	out[#out + 1] = "\r\n"
	interface.write(table.concat(out))
	if content then
		interface.write(content)
	end

	local lines = {}
	local body = M.recvheader(interface.read, lines, "")
	if not body then
		error("Recv header failed")
	end
	-- skynet's status line: "HTTP/x.y CODE REASON"; anything else fails its
	-- assert (a line without a reason phrase too)
	local code = (lines[1] or ""):match("HTTP/[%d%.]+%s+([%d]+)%s+.*$")
	code = assert(tonumber(code))
	local h = M.parseheader(lines, 2, recvheader or {})
	if not h then
		error("Invalid HTTP response header")
	end
	return code, body, h
end

-- Client side: the response's Content-Length, or nil when it has none. As
-- skynet's, a value that is not a number is no length (the body runs to the
-- close). skyglass: a number that is not a count of bytes (-5, 1.5, 1e400,
-- 0x10, past 2^63) raises, naming it. skynet's answered a 200 with the body
-- cut short for -5 (body:sub(1, -5)), waited for 16 bytes for 0x10, and
-- failed in `sub` or the socket's `pop` ("number has no integer
-- representation") for the others.
local function content_length(header)
	local raw = header["content-length"]
	local length = tonumber(raw)
	if not length then
		return nil
	end
	local n = type(raw) == "string" and raw:match("^%s*(%d+)%s*$")
	-- a count past 2^63 reads as a float: refused with the rest
	if not n or math.type(length) ~= "integer" then
		error(string.format("httpc: bad Content-Length %q", tostring(raw):sub(1, 64)), 0)
	end
	return length
end

local function over_limit(bodylimit)
	error(string.format("httpc: the response body is past httpc.bodylimit (%d bytes)", bodylimit), 0)
end

-- A body that ends at the close, read piece by piece so `bodylimit` is seen
-- as it comes. A read that raises is the close (as readall's end is).
local function until_close(interface, body, bodylimit)
	local parts, size = { body }, #body
	if size > bodylimit then
		over_limit(bodylimit)
	end
	while true do
		local ok, piece = pcall(interface.read)
		if not ok or not piece or piece == "" then
			return table.concat(parts)
		end
		size = size + #piece
		if size > bodylimit then
			over_limit(bodylimit)
		end
		parts[#parts + 1] = piece
	end
end

-- Client side: the rest of the response body, by Content-Length, chunks or
-- close. skyglass: `bodylimit` (httpc.bodylimit), when given, bounds it; a
-- body past it raises before more is read (skynet's httpc has no limit: a
-- server sending without end grew the client as long as it sent).
function M.response(interface, code, body, header, bodylimit)
	local mode = header["transfer-encoding"]
	if mode and mode ~= "identity" and mode ~= "chunked" then
		error("Unsupport transfer-encoding")
	end
	if mode == "chunked" then
		local why
		body, why = M.recvchunkedbody(interface.read, bodylimit, header, body)
		if not body then
			if why == "limit" then
				over_limit(bodylimit)
			end
			error("Invalid response body")
		end
		return body
	end
	local length = content_length(header)
	if length and bodylimit and length > bodylimit then
		over_limit(bodylimit)
	end
	if length then
		if #body >= length then
			return body:sub(1, length)
		end
		return body .. interface.read(length - #body)
	end
	if code == 204 or code == 304 or code < 200 then
		return ""  -- these never carry a body
	end
	if bodylimit then
		return until_close(interface, body, bodylimit)
	end
	return body .. (interface.readall() or "")  -- HTTP/1.0 style: the body ends at close
end

-- A response read piece by piece (httpc.request_stream). stream:padding() returns
-- the next piece of the body, or nil at its end (then the connection is closed);
-- `for piece in stream do` does the same. stream.status and stream.header are set.
local stream = {}
stream.__index = stream

function stream:close()
	self.connected = false
	if self._onclose then
		self._onclose(self)
		self._onclose = nil
	end
end

function stream:padding()
	if not self.connected then
		return nil
	end
	local ok, piece = pcall(self._next, self)
	if not ok or piece == nil then
		self:close()
		if not ok then
			error(piece)
		end
		return nil
	end
	return piece, self
end

stream.__call = stream.padding
stream.__close = stream.close

-- The three ways a body can end: after its chunks, after content-length bytes, at close.
-- As skynet's: bad chunk framing ends the stream (nil), it does not raise;
-- the last chunk gives one "" before the end.
local function next_chunk(self)
	local read = self._interface.read
	local sz, body, pos = chunksize(read, self._body, self._pos or 1)
	if not sz then
		return nil
	end
	if sz == 0 then
		local trailer = {}
		if not M.recvheader(read, trailer, body:sub(pos)) then
			return nil
		end
		M.parseheader(trailer, 1, self.header)
		self._next = function() return nil end
		return ""
	end
	local data
	data, self._body, self._pos = chunkdata(read, body, pos, sz)
	if not data then
		return nil
	end
	return data
end

-- As skynet's: the first piece is what came with the header, even when that is
-- "" (over TLS the body is often a record of its own); later ones are read.
local function next_of_length(self)
	if self._left <= 0 then
		return nil
	end
	local piece = self._body
	self._body = nil
	if piece == nil then
		piece = self._interface.read()
	end
	piece = piece:sub(1, self._left)
	self._left = self._left - #piece
	return piece
end

local function next_until_close(self)
	local piece = self._body
	self._body = ""
	if piece ~= "" then
		return piece
	end
	local ok, data = pcall(self._interface.read)
	if ok and data ~= "" then
		return data
	end
	return nil -- the server closed: the body is complete
end

function M.response_stream(interface, code, body, header)
	local mode = header["transfer-encoding"]
	if mode and mode ~= "identity" and mode ~= "chunked" then
		error("Unsupport transfer-encoding")
	end
	local s = setmetatable({ status = code, header = header, connected = true, _interface = interface, _body = body },
		stream)
	local length = content_length(header)
	if mode == "chunked" then
		s._next = next_chunk
	elseif length then
		s._left = length
		s._next = next_of_length
	elseif code == 204 or code == 304 or code < 200 then
		s._next = function() return nil end
	else
		s._next = next_until_close
	end
	return s
end

-- The header limit, reached through the metatable: pairs lists skynet's keys only.
setmetatable(M, { __index = {
	LIMIT = M.LIMIT,
} })
M.LIMIT = nil

return M
