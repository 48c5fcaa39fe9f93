-- sproto_host_odds: a game server's sproto host fed odd packets: an empty string, a lone zero byte, a
-- request whose header names an unknown session as a response, a response carrying a ud, two requests
-- attached with ud; sproto:default of a type with a nested struct and arrays, and of a missing type.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local sproto = require "sproto"
local log = skynet.error

local schema = [[
.package {
	type 0 : integer
	session 1 : integer
	ud 2 : string
}
.pos {
	x 0 : integer
	y 1 : integer
}
.role {
	name 0 : string
	pos 1 : pos
	items 2 : *integer
	alive 3 : boolean
	hp 4 : double
}
move 1 {
	request { x 0 : integer }
	response { ok 0 : boolean }
}
ping 2 {}
]]

local function show(t)
	if type(t) ~= "table" then return tostring(t) end
	local keys = {}
	for k in pairs(t) do keys[#keys + 1] = tostring(k) end
	table.sort(keys)
	local out = {}
	for _, k in ipairs(keys) do
		out[#out + 1] = k .. "=" .. show(t[k] == nil and t[tonumber(k)] or t[k])
	end
	return "{" .. table.concat(out, ",") .. "}"
end

skynet.start(function()
	local sp = sproto.parse(schema)
	local host = sp:host("package")
	local send = host:attach(sp)

	local d = sp:default("role")
	log("default role", show(d), getmetatable(d) ~= nil)
	log("default pos", show(sp:default("pos")))
	log("default request", show(sp:default("move", "REQUEST")))
	log("default response", show(sp:default("move", "RESPONSE")))
	log("default ping request", sp:default("ping", "REQUEST"))
	log("default missing", pcall(sp.default, sp, "nosuch"))

	log("empty packet", pcall(host.dispatch, host, ""))
	log("zero byte", pcall(host.dispatch, host, "\0"))

	local req = send("move", { x = 3 }, 7, "ud-one")
	local t, name, args, respond, ud = host:dispatch(req)
	log("request", t, name, show(args), type(respond), ud)
	local resp = respond({ ok = true }, "ud-back")
	local t2, session, result, ud2 = host:dispatch(resp)
	log("response", t2, session, show(result), ud2)
	log("response again", pcall(host.dispatch, host, resp))

	local push = send("ping", nil, nil, "push-ud")
	log("push", host:dispatch(push))
	local unknown = sp:pencode("package", { type = nil, session = 99 })
	log("unknown session", pcall(host.dispatch, host, unknown))
	local notag = sp:pencode("package", { type = 50, session = 1 })
	log("unknown tag", pcall(host.dispatch, host, notag))
	skynet.sleep(20) -- skynet.abort does not wait for the logger
	skynet.abort()
end)
