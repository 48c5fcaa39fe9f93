-- httpc_odd: httpc against a server of the program's own that answers each request with a canned response:
-- 100 Continue before the real answer, HTTP/1.0 without a length (the body runs to the close), 204 and
-- 304 without a length, repeated Set-Cookie headers into a recvheader table, a header without a space
-- after its colon, a folded header, a Content-Length padded with spaces, a chunked body with a trailer,
-- a chunk size that is not hex, gzip transfer coding, a body shorter than its length, httpc.head, and
-- httpc.post's form encoding; also hosts httpc refuses before connecting.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
local httpc = require "http.httpc"

-- The canned responses, by the request's path.
local responses = {
	["/continue"] = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
	["/http10"] = "HTTP/1.0 200 OK\r\n\r\nuntil the close",
	["/nocontent"] = "HTTP/1.1 204 No Content\r\n\r\n",
	["/notmodified"] = "HTTP/1.1 304 Not Modified\r\n\r\n",
	["/cookies"] = "HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nSet-Cookie: c=3\r\nContent-Length: 0\r\n\r\n",
	["/nospace"] = "HTTP/1.1 200 OK\r\nX-Tight:value\r\nContent-Length:3\r\n\r\nabc",
	["/folded"] = "HTTP/1.1 200 OK\r\nX-Long: first\r\n\tsecond\r\nContent-Length: 1\r\n\r\nz",
	["/padded"] = "HTTP/1.1 200 OK\r\nContent-Length:  4 \r\n\r\nfour",
	["/chunked"] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nwiki\r\n5\r\npedia\r\n0\r\nX-Trailer: t\r\n\r\n",
	["/badchunk"] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\nwiki\r\n0\r\n\r\n",
	["/gzip"] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n....",
	["/short"] = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc",
	["/head"] = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n",
	["/post"] = false, -- echoes the request's body
	["/status"] = "HTTP/1.1 599 Whatever It Is\r\nContent-Length: 1\r\n\r\n!",
}

local function serve(id)
	socket.start(id)
	local head = socket.readline(id, "\r\n\r\n")
	if not head then return socket.close(id) end
	local path = head:match("^%u+ (%S+)")
	local reply = responses[path]
	if reply == false then
		local len = tonumber(head:lower():match("content%-length:%s*(%d+)")) or 0
		local body = socket.read(id, len) or ""
		reply = "HTTP/1.1 200 OK\r\nContent-Length: " .. #body .. "\r\n\r\n" .. body
	end
	socket.write(id, reply or "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
	socket.close(id)
end

local function show(v)
	if type(v) ~= "table" then return tostring(v) end
	local out = {}
	for k, x in pairs(v) do out[#out + 1] = tostring(k) .. "=" .. show(x) end
	table.sort(out)
	return "{" .. table.concat(out, ",") .. "}"
end

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	for i = 2, r.n do r[i] = show(r[i]) end
	skynet.error(what, table.unpack(r, 1, r.n))
end

skynet.start(function()
	local lid, _, port = socket.listen("127.0.0.1", 0)
	socket.start(lid, function(id) skynet.fork(serve, id) end)
	local host = "127.0.0.1:" .. port
	local paths = { "/continue", "/http10", "/nocontent", "/notmodified", "/nospace", "/folded", "/padded",
		"/chunked", "/badchunk", "/gzip", "/short", "/status", "/missing" }
	for _, path in ipairs(paths) do
		local h = {}
		try(path, function()
			local code, body = httpc.get(host, path, h)
			return code, body, h
		end)
	end
	local cookies = {}
	try("/cookies", function() return httpc.get(host, "/cookies", cookies) end)
	skynet.error("cookies", show(cookies))
	try("head", httpc.head, host, "/head")
	try("post form", httpc.post, host, "/post", { a = "x&y 2=3" }) -- one key: the encoding follows pairs order
	try("request with a body", httpc.request, "PUT", host, "/post", nil, { ["content-type"] = "text/plain" }, "payload")
	try("bare ipv6 host", httpc.get, "::1", "/")
	try("bad protocol", httpc.get, "ftp://" .. host, "/")
	skynet.sleep(10)
	skynet.abort()
end)
