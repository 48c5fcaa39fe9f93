-- url_escapes: http.url on what clients really send: '+' and %-escapes in the path (decoded) and in the
-- query (left alone by parse), upper- and lower-case hex, an escape cut short or not hex, %00, repeated
-- keys (three times), keys without '=', '=' inside a value, empty keys and values, '&&', a query that is
-- only '?', and a path with '?' twice.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local url = require "http.url"

-- A query table as sorted "k=v" (a repeated key's values in their order).
local function show(v)
	if type(v) ~= "table" then
		return type(v) == "string" and (v:gsub("%c", function(c) return string.format("\\%d", c:byte()) end)) or tostring(v)
	end
	local out = {}
	for k, x in pairs(v) do
		out[#out + 1] = show(k) .. "=" .. (type(x) == "table" and "[" .. table.concat(x, ",") .. "]" or show(x))
	end
	table.sort(out)
	return "{" .. table.concat(out, " ") .. "}"
end

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	for i = 2, r.n do r[i] = show(r[i]) end
	skynet.error(what, table.unpack(r, 1, r.n))
end

skynet.start(function()
	for _, u in ipairs { "/a+b/c%20d", "/%41%62%7e", "/%7E%7e", "/cut%2", "/bad%zzx", "/nul%00x", "/q?a=1+2&b=%20",
		"/two?x?y", "/only?", "?", "", "/%", "/%%41", "/plus+%2B" } do
		try("parse " .. u, url.parse, u)
	end
	for _, q in ipairs { "a=1&a=2&a=3", "flag&x=1", "k=v=w", "=v&k=", "a=1&&b=2", "&", "", "x=%41%4a+y",
		"%61=1", "a%3D1=2", "a=%zz", "a=%2", "sp ace=1", "a=1&A=2" } do
		try("query " .. q, url.parse_query, q)
	end
	skynet.sleep(10)
	skynet.abort()
end)
