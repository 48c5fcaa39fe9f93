-- mongo_server: the OP_MSG server with canned replies that mongo_fake and mongo_more talk to (a module, not a program).
-- serve(id, name, other_port) answers one connection; expect(...) queues replies for the next calls;
-- try(what, f, ...) logs a call's results; show(v) prints a decoded value.
local skynet = require "skynet"
local socket = require "skynet.socket"
local bson = require "bson"
local driver = require "skynet.mongo.driver"
local crypt = require "skynet.crypt"
local md5 = require "md5"

-- A decoded value as text: keys sorted, bson's tagged strings by their type (objectids are random).
local function show(v)
	local t = type(v)
	if t == "table" and getmetatable(v) and getmetatable(v).__tostring then
		return tostring(v)
	elseif t == "table" then
		local keys = {}
		for k in pairs(v) do keys[#keys + 1] = k end
		table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
		local parts = {}
		for _, k in ipairs(keys) do
			if k ~= "payload" then
				parts[#parts + 1] = tostring(k) .. "=" .. show(v[k])
			end
		end
		return "{" .. table.concat(parts, ",") .. "}"
	elseif t == "string" then
		if v:byte(1) == 0 and #v > 1 then
			return "<bson " .. (bson.type(v)) .. ">"
		end
		return string.format("%q", v)
	end
	return tostring(v)
end

local canned = {} -- replies the client queues before a call; a command that finds none gets {ok = 1}
local function expect(...)
	for _, r in ipairs { ... } do canned[#canned + 1] = r end
end

-- SCRAM-SHA-1's server side, as a real server checks the client's proof and signs its answer.
local scram = {}
local function salted(user, pass, salt, iter)
	local key = md5.sumhexa(user .. ":mongo:" .. pass)
	local out = crypt.hmac_sha1(key, salt .. "\0\0\0\1")
	local inter = out
	for _ = 2, iter do
		inter = crypt.hmac_sha1(key, inter)
		out = crypt.xor_str(out, inter)
	end
	return out
end

local function sasl(cmd, t)
	local payload = crypt.base64decode(t.payload)
	if cmd == "saslStart" then
		local user, cnonce = payload:match("^n,,n=([^,]*),r=(.*)$")
		scram.first_bare = "n=" .. user .. ",r=" .. cnonce
		scram.user = user
		local rnonce = cnonce .. "srvnonce"
		if user == "badnonce" then rnonce = "0123456789abcdef" end
		scram.server_first = "r=" .. rnonce .. ",s=" .. crypt.base64encode("salty") .. ",i=7"
		return { ok = 1, conversationId = 5, done = false, payload = crypt.base64encode(scram.server_first) }
	elseif payload == "" then
		return { ok = 1, conversationId = 5, done = true, payload = "" }
	end
	local without_proof, proof = payload:match("^(c=biws,r=[^,]*),p=(.*)$")
	local key = salted(scram.user, "pw", "salty", 7)
	local auth_msg = scram.first_bare .. "," .. scram.server_first .. "," .. without_proof
	local client_key = crypt.hmac_sha1(key, "Client Key")
	local sig = crypt.hmac_sha1(crypt.sha1(client_key), auth_msg)
	skynet.error("server: proof", crypt.base64encode(crypt.xor_str(client_key, sig)) == proof)
	local v = crypt.base64encode(crypt.hmac_sha1(crypt.hmac_sha1(key, "Server Key"), auth_msg))
	if scram.user == "badsig" then v = "AAAA" end
	return { ok = 1, conversationId = 5, done = scram.user ~= "twostep", payload = crypt.base64encode("v=" .. v) }
end

local function reply(id, doc, opcode)
	local body = tostring(bson.encode(doc))
	local msg = string.pack("<i4i4i4I4B", 0, id, opcode or 2013, 0, 0) .. body
	return string.pack("<i4", #msg + 4) .. msg
end

-- One connection: read OP_MSG frames, log the command, answer unless the client asked for no answer.
local function serve(id, name, other_port)
	socket.start(id)
	while true do
		local head = socket.read(id, 4)
		if not head then break end
		local data = socket.read(id, driver.length(head))
		if not data then break end
		local request_id, _, _, flags = string.unpack("<i4i4i4I4", data)
		local cmd = string.unpack("z", data, 23)
		local _, _, doc = driver.reply(data)
		local t = bson.decode(doc)
		skynet.error("server " .. name .. " got", cmd, "flags", flags, show(t))
		local r
		if cmd == "ismaster" then
			if name == "A" then
				r = { ok = 1, ismaster = true }
			elseif name == "B" then
				r = { ok = 1, ismaster = false, primary = "127.0.0.1:" .. other_port, me = "B" }
			else
				r = { ok = 1, ismaster = false, me = "lonely" }
			end
		elseif cmd == "getnonce" then
			r = { ok = 1, nonce = "2375531c32080ae8" }
		elseif cmd == "saslStart" or cmd == "saslContinue" then
			if scram.user == "refused" or t.mechanism and crypt.base64decode(t.payload):find("n=refused", 1, true) then
				scram.user = "refused"
				r = { ok = 0, errmsg = "Authentication failed." }
			else
				r = sasl(cmd, t)
			end
		elseif flags & 2 == 0 then
			r = table.remove(canned, 1) or { ok = 1 }
		end
		if r == "opcode" then
			socket.write(id, reply(request_id, { ok = 1 }, 1))
		elseif r then
			socket.write(id, reply(request_id, r))
		end
	end
end

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	for i = 2, r.n do r[i] = show(r[i]) end
	skynet.error(what, table.unpack(r, 1, r.n))
end

return { show = show, expect = expect, serve = serve, try = try, scram = scram }
