-- http.httpd: the server side of HTTP/1.1: read one request, write one response.
-- The caller owns the connection (see lessons/40-websocket/web.lua):
--   local code, url, method, header, body = httpd.read_request(sockethelper.readfunc(id), 8192)
--   httpd.write_response(sockethelper.writefunc(id), 200, "hello")
local internal = require "http.internal"
local sockethelper = require "http.sockethelper"
local prototrace = require "skyglass.prototrace"

local httpd = {}

local status_text = {
	[100] = "Continue", [101] = "Switching Protocols",
	[200] = "OK", [201] = "Created", [202] = "Accepted", [203] = "Non-Authoritative Information",
	[204] = "No Content", [205] = "Reset Content", [206] = "Partial Content",
	[300] = "Multiple Choices", [301] = "Moved Permanently", [302] = "Found", [303] = "See Other",
	[304] = "Not Modified", [305] = "Use Proxy", [307] = "Temporary Redirect",
	[400] = "Bad Request", [401] = "Unauthorized", [402] = "Payment Required", [403] = "Forbidden",
	[404] = "Not Found", [405] = "Method Not Allowed", [406] = "Not Acceptable",
	[407] = "Proxy Authentication Required", [408] = "Request Time-out", [409] = "Conflict",
	[410] = "Gone", [411] = "Length Required", [412] = "Precondition Failed",
	[413] = "Request Entity Too Large", [414] = "Request-URI Too Large",
	[415] = "Unsupported Media Type", [416] = "Requested range not satisfiable",
	[417] = "Expectation Failed",
	[500] = "Internal Server Error", [501] = "Not Implemented", [502] = "Bad Gateway",
	[503] = "Service Unavailable", [504] = "Gateway Time-out", [505] = "HTTP Version not supported",
}

-- -> 200, url, method, header, body; or an error status code (413, 400, 505, 501).
-- Raises on a malformed request line or a closed connection.
local function readall(readbytes, bodylimit)
	local lines = {}
	-- lesson http.read: readbytes until the blank line that ends the header; each read may suspend the coroutine
	local body = internal.recvheader(readbytes, lines, "")
	if not body then
		return 413 -- the trace shows it as the http.resp the caller writes
	end
	local request = lines[1] or ""
	-- The request line as it came, valid or not: the trace shows what arrived.
	prototrace.http_req(sockethelper.socket_id(readbytes) or 0, request:sub(1, 200))
	local method, url, version = request:match("^(%a+)%s+(.-)%s+HTTP/([%d%.]+)$")
	-- as skynet's: a bad request line fails an assert (the trace has the line)
	assert(method and url and version)
	version = tonumber(version)
	if not version or version < 1.0 or version > 1.1 then
		return 505
	end
	local header = internal.parseheader(lines, 2, {})
	if not header then
		return 400
	end
	local mode = header["transfer-encoding"]
	if mode and mode ~= "identity" and mode ~= "chunked" then
		return 501
	end
	if mode == "chunked" then
		body, header = internal.recvchunkedbody(readbytes, bodylimit, header, body)
		if not body then
			return 413
		end
	else
		-- As skynet's: a length that is not a number is no length (the body is
		-- what came with the header), a negative one cuts that short
		-- (body:sub(1, n)). Ours refuses a number that is not an integer (1.5,
		-- 1e400), where skynet's fails in sub or asks the socket for it.
		local length = tonumber(header["content-length"])
		if length then
			length = math.tointeger(length)
			if not length then
				return 400
			end
			if bodylimit and length > bodylimit then
				return 413
			end
			if #body >= length then
				body = body:sub(1, length)
			else
				body = body .. readbytes(length - #body)
			end
		end
	end
	return 200, url, method, header, body
end

-- read_request(readbytes [, bodylimit]) -> code, url, method, header, body,
-- or nil and the error (sockethelper.socket_error when the peer went away).
function httpd.read_request(...)
	local ok, code, url, method, header, body = pcall(readall, ...)
	if ok then
		return code, url, method, header, body
	end
	return nil, code
end

local function writeall(write, statuscode, bodyfunc, header)
	local parts = { string.format("HTTP/1.1 %03d %s\r\n", statuscode, status_text[statuscode] or "") }
	prototrace.http_resp(sockethelper.socket_id(write) or 0, statuscode)
	if header then
		for k, v in pairs(header) do
			if type(v) == "table" then
				for _, one in ipairs(v) do
					parts[#parts + 1] = string.format("%s: %s\r\n", k, one)
				end
			else
				parts[#parts + 1] = string.format("%s: %s\r\n", k, v)
			end
		end
	end
	-- The bytes are skynet's and so are the points where they stop when
	-- something raises (the status line and header are out before the body is
	-- looked at); a string body goes with them in one write.
	local t = type(bodyfunc)
	if t == "string" then
		parts[#parts + 1] = string.format("content-length: %d\r\n\r\n", #bodyfunc)
		parts[#parts + 1] = bodyfunc
		write(table.concat(parts))
	elseif t == "function" then
		-- A body of unknown length goes out in chunks as the function yields
		-- them, each after the CRLF that ends what came before.
		parts[#parts + 1] = "transfer-encoding: chunked\r\n"
		write(table.concat(parts))
		while true do
			local s = bodyfunc()
			if not s then
				write("\r\n0\r\n\r\n")
				break
			end
			if s ~= "" then
				write(string.format("\r\n%x\r\n%s", #s, s))
			end
		end
	else
		if t ~= "nil" then
			write(table.concat(parts))
			assert(t == "nil") -- skynet's words: "assertion failed!"
		end
		parts[#parts + 1] = "\r\n"
		write(table.concat(parts))
	end
end

-- write_response(write, statuscode [, body [, header]]) -> true, or false and the error.
-- body: a string, a function returning pieces until nil (chunked), or nil.
function httpd.write_response(...)
	return pcall(writeall, ...)
end

return httpd
