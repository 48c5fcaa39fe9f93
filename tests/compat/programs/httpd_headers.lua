-- httpd_headers: httpd.read_request's header parsing on requests handed over whole: a folded line after a
-- header seen once and after one seen twice, a fold first, a line without a colon, an empty name, names in
-- capitals, values with colons and trailing spaces, a header three times, two Content-Lengths, a bare LF.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local httpd = require "http.httpd"

local function reader(s)
	local done = false
	return function()
		if done then error("no more bytes") end
		done = true
		return s
	end
end

local function show(v)
	if type(v) ~= "table" then return (string.format("%q", tostring(v)):gsub("\\\n", "\\n")) end
	local keys = {}
	for k in pairs(v) do keys[#keys + 1] = k end
	table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
	local parts = {}
	for _, k in ipairs(keys) do parts[#parts + 1] = tostring(k) .. "=" .. show(v[k]) end
	return "{" .. table.concat(parts, ",") .. "}"
end

local function try(what, head, body)
	local r = table.pack(httpd.read_request(reader("GET /p HTTP/1.1\r\n" .. head .. "\r\n" .. (body or "")), 100))
	for i = 1, r.n do r[i] = show(r[i]) end
	skynet.error(what, table.unpack(r, 1, r.n))
end

skynet.start(function()
	try("fold after one", "X-A: 1\r\n\tmore\r\n")
	try("fold after two", "X-A: 1\r\nX-A: 2\r\n\tmore\r\n")
	try("fold first", "\tlonely\r\nX-B: 1\r\n")
	try("space fold", "X-A: 1\r\n more\r\n")
	try("no colon", "NoColonHere\r\nX-B: 1\r\n")
	try("empty name", ": value\r\n")
	try("capitals", "X-MiXeD: Yes\r\nHOST: h\r\n")
	try("colons and spaces", "X-Url: http://a:1/b  \r\n")
	try("three times", "X-C: 1\r\nX-C: 2\r\nx-c: 3\r\n")
	try("two lengths", "Content-Length: 2\r\nContent-Length: 3\r\n", "abc")
	try("bare LF", "X-D: 1\nX-E: 2\r\n")
	skynet.sleep(5)
	skynet.abort()
end)
