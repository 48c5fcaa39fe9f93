-- skynet.db.mongo.auth: the login methods of skynet's mongo client, each
-- auth_<authmod>(db, user, password) -> true on success (db: anything with runCommand).
--
-- scram_sha1 (the default): SCRAM-SHA-1 (RFC 5802) through saslStart/saslContinue, with
-- MongoDB's twist that the password is first turned into md5("user:mongo:password").
-- mongodb_cr: the pre-3.0 nonce challenge. Log lines are skynet's.
local skynet = require "skynet"
local crypt = require "skynet.crypt"
local md5 = require "md5"

local auth = {}

local function mongo_password_digest(user, password)
	return md5.sumhexa(string.format("%s:mongo:%s", user, password))
end

function auth.auth_mongodb_cr(db, user, password)
	local digest = mongo_password_digest(user, password)
	local r = db:runCommand "getnonce"
	if r.ok ~= 1 then
		return false
	end
	local key = md5.sumhexa(string.format("%s%s%s", r.nonce, user, digest))
	r = db:runCommand("authenticate", 1, "user", user, "nonce", r.nonce, "key", key)
	return r.ok == 1
end

-- PBKDF2 with HMAC-SHA1, one block (SHA-1's 20 bytes are all SCRAM needs).
local function pbkdf2_sha1(password, salt, iterations)
	local u = crypt.hmac_sha1(password, salt .. "\0\0\0\1")
	local out = u
	for _ = 2, iterations do
		u = crypt.hmac_sha1(password, u)
		out = crypt.xor_str(out, u)
	end
	return out
end

-- "k=v,k=v" -> { k = v }
local function fields(s)
	local t = {}
	for k, v in string.gmatch(s, "(%w+)=([^,]*)") do
		t[k] = v
	end
	return t
end

function auth.auth_scram_sha1(db, username, password)
	-- SCRAM escapes '=' and ',' in the user name
	local user = username:gsub("=", "=3D"):gsub(",", "=2C")
	local nonce = crypt.base64encode(crypt.randomkey())
	local first_bare = "n=" .. user .. ",r=" .. nonce
	local r = db:runCommand("saslStart", 1, "autoAuthorize", 1, "mechanism", "SCRAM-SHA-1",
		"payload", crypt.base64encode("n,," .. first_bare))
	if r.ok ~= 1 then
		return false
	end
	local conversation = r.conversationId
	local server_first = crypt.base64decode(r.payload)
	local sf = fields(server_first)
	local iterations = tonumber(sf.i)
	if not (sf.r and sf.s and iterations) or sf.r:sub(1, #nonce) ~= nonce then
		skynet.error("Server returned an invalid nonce.")
		return false
	end
	local without_proof = "c=biws,r=" .. sf.r
	local salted = pbkdf2_sha1(mongo_password_digest(username, password), crypt.base64decode(sf.s), iterations)
	local client_key = crypt.hmac_sha1(salted, "Client Key")
	local auth_message = first_bare .. "," .. server_first .. "," .. without_proof
	local signature = crypt.hmac_sha1(crypt.sha1(client_key), auth_message)
	local proof = "p=" .. crypt.base64encode(crypt.xor_str(client_key, signature))
	local expected = crypt.base64encode(crypt.hmac_sha1(crypt.hmac_sha1(salted, "Server Key"), auth_message))

	r = db:runCommand("saslContinue", 1, "conversationId", conversation,
		"payload", crypt.base64encode(without_proof .. "," .. proof))
	if r.ok ~= 1 then
		return false
	end
	if fields(crypt.base64decode(r.payload)).v ~= expected then
		skynet.error("Server returned an invalid signature.")
		return false
	end
	if not r.done then
		r = db:runCommand("saslContinue", 1, "conversationId", conversation, "payload", "")
		if r.ok ~= 1 then
			return false
		end
		if not r.done then
			skynet.error("SASL conversation failed to complete.")
			return false
		end
	end
	return true
end

return auth
