-- sproto_rpc: sproto's RPC layer as a client and a server use it: protocols with a request only, a response
-- only, both, `response nil` (a confirm without data), none; host:attach with and without a session and
-- with ud; dispatch of requests and responses (what respond builds for each kind, with nil, {} and extra
-- fields, respond's ud), a session answered twice, request_encode/decode and response_encode/decode,
-- queryproto by name and tag, a header with extra fields, default() of each side; sprotoloader.save of a nil
-- and of a table.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local sproto = require "sproto"

local function show(v)
	if type(v) ~= "table" then return tostring(v) end
	local keys = {}
	for k in pairs(v) do keys[#keys + 1] = k end
	table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
	local parts = {}
	for _, k in ipairs(keys) do parts[#parts + 1] = tostring(k) .. "=" .. show(v[k]) end
	return "{" .. table.concat(parts, ",") .. "}"
end

local function hex(s)
	return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end):gsub("%d", function(d)
		return string.char(103 + d) -- digits as g..p, so that the compat masks keep them
	end))
end

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	for i = 2, r.n do
		local v = r[i]
		if type(v) == "function" then v = "function" elseif type(v) == "string" and v:find("[%z\1-\8]") then v = hex(v) else v = show(v) end
		r[i] = v
	end
	skynet.error(what, table.unpack(r, 1, r.n))
end

local schema = [[
.package { type 0 : integer  session 1 : integer  ud 2 : string }
ping 1 {}
login 2 { request { name 0 : string  pass 1 : string } response { ok 0 : boolean  msg 1 : string } }
push 3 { request { text 0 : string } }
confirm 4 { request { id 0 : integer } response nil }
status 5 { response { hp 0 : integer } }
]]

skynet.start(function()
	local sp = sproto.parse(schema)
	local server = sp:host "package"
	local client = sp:host "package"
	local request = client:attach(sp)
	local answer = server:attach(sp)

	for _, case in ipairs {
		{ "login", { name = "ann", pass = "pw" }, 1 },
		{ "login", { name = "ann" }, 2, "ud-1" },
		{ "push", { text = "hi" } },
		{ "push", { text = "hi" }, 3 },
		{ "ping", nil, 4 },
		{ "ping" },
		{ "confirm", { id = 9 }, 5 },
		{ "status", nil, 6 },
		{ "status", { hp = 1 }, 7 },
	} do
		local name, args, session, ud = case[1], case[2], case[3], case[4]
		local label = name .. " session " .. tostring(session)
		local ok, packet = pcall(request, name, args, session, ud)
		if not ok then
			skynet.error(label, "attach raises", packet)
		else
			skynet.error(label, "packet", hex(packet))
			local r = table.pack(pcall(server.dispatch, server, packet))
			skynet.error(label, "server", r[1], r[2], r[3], show(r[4]), type(r[5]), show(r[6]))
			local respond = r[5]
			if type(respond) == "function" then
				for _, reply in ipairs { { ok = true, msg = "welcome" }, {}, "none" } do
					local body = reply ~= "none" and reply or nil
					local ok2, resp = pcall(respond, body, "rud")
					if ok2 then
						local r2 = table.pack(pcall(client.dispatch, client, resp))
						skynet.error(label, "respond", show(body), "->", r2[1], r2[2], r2[3], show(r2[4]), show(r2[5]))
					else
						skynet.error(label, "respond", show(body), "raises", resp)
					end
				end
			end
		end
	end
	try("attach nil args", answer, "login", nil, 99)
	try("attach nil args, no fields", function() return #answer("status", nil, 98) end)
	try("encode nil", sp.encode, sp, "package", nil)
	try("encode nil, no fields", function() return #sp:encode("ping.request", nil) end)
	try("request_encode", sp.request_encode, sp, "login", { name = "x" })
	try("request_decode", function()
		return sp:request_decode("login", (sp:request_encode("login", { name = "x", pass = "y" })))
	end)
	try("response_encode", sp.response_encode, sp, "login", { ok = false })
	try("response_decode", function()
		return sp:response_decode("login", (sp:response_encode("login", { ok = false, msg = "no" })))
	end)
	try("request_encode of response-only", sp.request_encode, sp, "status", {})
	try("response_encode of request-only", sp.response_encode, sp, "push", { text = "x" })
	try("response_encode of confirm", sp.response_encode, sp, "confirm", {})
	try("response_encode of confirm nil", sp.response_encode, sp, "confirm")
	try("response_decode of confirm", sp.response_decode, sp, "confirm", "")
	try("request_encode unknown", sp.request_encode, sp, "nosuch", {})
	for _, q in ipairs { "login", "confirm", "push", "status", "ping", 2, 5 } do
		local p = sp:queryproto(q)
		skynet.error("queryproto", q, p and p.name, p and p.tag) -- (request/response: C pointers in skynet's)
	end
	try("exist_proto", sp.exist_proto, sp, "push")
	try("exist_proto no", sp.exist_proto, sp, "nope")
	try("default request", sp.default, sp, "login", "REQUEST")
	try("default response", sp.default, sp, "login", "RESPONSE")
	try("default response of request-only", sp.default, sp, "push", "RESPONSE")
	try("default type", sp.default, sp, "package")
	try("header with extra", server.dispatch, server, sproto.pack(sp:encode("package", { type = 3, ud = "u" }) ..
		sp:encode("push.request", { text = "t" })))
	local loader = require "sprotoloader"
	try("sprotoloader.save nil", loader.save, nil, 3)
	try("sprotoloader.save table", loader.save, {}, 3)
	skynet.sleep(10)
	skynet.abort()
end)
