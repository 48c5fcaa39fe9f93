-- httpd_reader: httpd.read_request and write_response driven by functions of the program's own instead of
-- a socket (as a user does for a custom transport): requests arriving whole and in small pieces, a header
-- past the 8 KB limit, HTTP versions 0.9/1.0/1.1/2.0, bad header lines, a folded line first, repeated
-- headers, Content-Length shorter and longer than the data, chunked bodies (extensions, trailers, bad sizes,
-- a missing CRLF, over the body limit), an unknown Transfer-Encoding, a reader that fails; and responses of
-- each status, an unknown status, a table header, a streamed body, a body that is not a string.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local httpd = require "http.httpd"
local internal = require "http.internal"

-- A reader over `data` handing out at most `step` bytes when asked for "any", or exactly n bytes; when
-- the data runs out it raises as sockethelper's readfunc does.
local function reader(data, step)
	local pos = 1
	return function(n)
		if pos > #data then error("reader: closed") end
		local take = n or step
		if n and pos + n - 1 > #data then
			pos = #data + 1
			error("reader: closed")
		end
		local s = data:sub(pos, pos + take - 1)
		pos = pos + #s
		return s
	end
end

-- Long strings are logged as their length.
local function show(v)
	if type(v) == "string" and #v > 100 then return "<" .. #v .. " bytes>" end
	if type(v) ~= "table" then return tostring(v) end
	local out = {}
	for k, x in pairs(v) do out[#out + 1] = tostring(k) .. "=" .. show(x) end
	table.sort(out)
	return "{" .. table.concat(out, ",") .. "}"
end

local function request(what, data, step, limit)
	local r = table.pack(httpd.read_request(reader(data, step or 4096), limit))
	for i = 1, r.n do r[i] = show(r[i]) end
	skynet.error(what, table.unpack(r, 1, r.n))
end

local function response(what, ...)
	local out = {}
	local r = table.pack(httpd.write_response(function(s) out[#out + 1] = s end, ...))
	skynet.error(what, show(r[1]), r[2], (table.concat(out):gsub("\r\n", "|")))
end

skynet.start(function()
	local get = "GET /a/b?x=1 HTTP/1.1\r\nHost: h\r\nX-Y:  spaced \r\n\r\n"
	request("get whole", get)
	request("get by 3 bytes", get, 3)
	request("get by 1 byte", get, 1)
	request("http 1.0", "GET / HTTP/1.0\r\n\r\n")
	request("http 0.9", "GET / HTTP/0.9\r\n\r\n")
	request("http 2.0", "GET / HTTP/2.0\r\n\r\n")
	request("http 1.10", "GET / HTTP/1.10\r\n\r\n")
	request("no version", "GET /\r\n\r\n")
	request("lower method", "get / HTTP/1.1\r\n\r\n")
	request("url with spaces", "GET /a b c HTTP/1.1\r\n\r\n")
	request("empty line first", "\r\nGET / HTTP/1.1\r\n\r\n")
	request("bad header line", "GET / HTTP/1.1\r\nnocolon\r\n\r\n")
	request("folded first", "GET / HTTP/1.1\r\n\tcontinued\r\n\r\n")
	request("folded", "GET / HTTP/1.1\r\nA: one\r\n\ttwo\r\n\r\n")
	request("repeated", "GET / HTTP/1.1\r\nA: 1\r\na: 2\r\nA: 3\r\n\r\n")
	request("empty value", "GET / HTTP/1.1\r\nA:\r\n\r\n")
	request("header limit", "GET / HTTP/1.1\r\nA: " .. string.rep("x", 9000) .. "\r\n\r\n", 1024)
	request("header limit whole", "GET / HTTP/1.1\r\nA: " .. string.rep("x", 9000) .. "\r\n\r\n", 65536)
	request("never ends", "GET / HTTP/1.1\r\nA: b\r\n", 8)

	local post = "POST /p HTTP/1.1\r\nContent-Length: 5\r\n\r\n"
	request("length exact", post .. "hello")
	request("length extra", post .. "hello world")
	request("length short", post .. "he")
	request("length over limit", post .. "hello", nil, 4)
	request("length at limit", post .. "hello", nil, 5)
	request("length not a number", "POST /p HTTP/1.1\r\nContent-Length: five\r\n\r\nhello")
	request("length negative", "POST /p HTTP/1.1\r\nContent-Length: -3\r\n\r\nhello")

	local chunked = "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
	request("chunked", chunked .. "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", 7)
	request("chunked upper hex", chunked .. "A\r\n0123456789\r\n0\r\n\r\n")
	request("chunked extension", chunked .. "5;name=v\r\nhello\r\n0\r\n\r\n")
	request("chunked trailer", chunked .. "5\r\nhello\r\n0\r\nX-Sum: 9\r\nX-Other: a\r\n\r\n")
	request("chunked bad size", chunked .. "zz\r\nhello\r\n0\r\n\r\n")
	request("chunked no crlf", chunked .. "5\r\nhelloXX0\r\n\r\n")
	request("chunked long size line", chunked .. string.rep("1", 200), 16)
	request("chunked over limit", chunked .. "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", nil, 8)
	request("chunked at limit", chunked .. "5\r\nhello\r\n0\r\n\r\n", nil, 5)
	request("chunked cut", chunked .. "5\r\nhel", 4)
	request("identity", "POST /i HTTP/1.1\r\nTransfer-Encoding: identity\r\nContent-Length: 2\r\n\r\nok")
	request("gzip encoding", "POST /g HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n")
	request("encoding twice", "POST /g HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n")
	request("reader raises at once", "")

	skynet.error("parseheader", show(internal.parseheader({ "A: 1", "B:2", "\tmore", "A: 3" }, 1, {})))
	skynet.error("parseheader bad", internal.parseheader({ "A: 1", "oops" }, 1, {}))

	response("ok string", 200, "body")
	response("not found", 404, "")
	response("teapot", 418, "short")
	response("code 0", 0, "x")
	response("no body", 204)
	response("header", 200, "x", { ["Set-Cookie"] = { "a=1", "b=2" } })
	local parts = { "one", "", "three" }
	local i = 0
	response("stream", 200, function()
		i = i + 1
		return parts[i]
	end)
	response("body number", 200, 42)
	response("body table", 200, {})
	response("stream raises", 200, function() error("stream broke") end)
	response("writer raises", 200, "x", nil)
	skynet.error("writer fails", httpd.write_response(function() error("peer gone") end, 200, "x"))
	skynet.sleep(10)
	skynet.abort()
end)
