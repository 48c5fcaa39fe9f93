-- crypt_more: skynet.crypt at the edges the other crypt programs leave: base64 of every length 0..7 and back,
-- base64decode of "=" alone, of padding in the middle, of a lone character, of URL-safe letters, of bytes
-- over 127; DES with both paddings for texts of 0..17 bytes and back; desdecode of text whose padding is
-- wrong for the mode; hmac_sha1 with keys of 64 and 100 bytes; sha1 of 100 KB; hexencode of every byte
-- value; hashkey and hmac_hash of long texts; dhsecret of fixed keys from both sides; xor_str of bytes.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local crypt = require "skynet.crypt"

-- digits as letters, so that the compat masks keep them
local function L(s) return (tostring(s):gsub("%d", function(d) return string.char(103 + d) end)) end
local function hex(s) return L(crypt.hexencode(s)) end

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	for i = 2, r.n do
		local v = r[i]
		if not r[1] then v = tostring(v) elseif type(v) == "string" then v = hex(v) else v = L(v) end
		r[i] = v
	end
	skynet.error(what, table.unpack(r, 1, r.n))
end

skynet.start(function()
	local text = "skynet!"
	for n = 0, 7 do
		local s = text:sub(1, n)
		local e = crypt.base64encode(s)
		skynet.error("base64", n, L(e), crypt.base64decode(e) == s)
	end
	for _, s in ipairs { "=", "==", "YQ==YQ==", "Y", "YW=Jj", "-_-_", "YW\255Jj", "\0\0\0\0", "YWJj====", "    " } do
		try("base64decode " .. L(crypt.hexencode(s)), crypt.base64decode, s)
	end
	local key = "8bytekey"
	for n = 0, 17 do
		local s = string.rep("x", n)
		local a = crypt.desencode(key, s)
		local b = crypt.desencode(key, s, crypt.padding.pkcs7)
		skynet.error("des", n, L(#a), L(#b), crypt.desdecode(key, a) == s, crypt.desdecode(key, b, crypt.padding.pkcs7) == s)
	end
	local iso = crypt.desencode(key, "abc")
	local pk = crypt.desencode(key, "abc", crypt.padding.pkcs7)
	try("iso text as pkcs7", crypt.desdecode, key, iso, crypt.padding.pkcs7)
	try("pkcs7 text as iso", crypt.desdecode, key, pk)
	try("des 16 bytes of zeros", crypt.desdecode, key, string.rep("\0", 16))
	try("hmac_sha1 key 64", crypt.hmac_sha1, string.rep("k", 64), "data")
	try("hmac_sha1 key 100", crypt.hmac_sha1, string.rep("k", 100), "data")
	try("hmac_sha1 empty", crypt.hmac_sha1, "", "")
	try("sha1 100 KB", crypt.sha1, string.rep("abc", 34000))
	local all = {}
	for i = 0, 255 do all[#all + 1] = string.char(i) end
	all = table.concat(all)
	skynet.error("hexencode all", crypt.hexdecode(crypt.hexencode(all)) == all, L(crypt.hexencode(all):sub(1, 40)))
	try("hashkey long", crypt.hashkey, string.rep("0123456789", 1000))
	try("hmac_hash long", crypt.hmac_hash, "12345678", string.rep("z", 5000))
	local a, b = "\1\2\3\4\5\6\7\8", "\8\7\6\5\4\3\2\1"
	local A, B = crypt.dhexchange(a), crypt.dhexchange(b)
	skynet.error("dh", hex(A), hex(B), crypt.dhsecret(A, b) == crypt.dhsecret(B, a), hex(crypt.dhsecret(A, b)))
	try("dh all ones", crypt.dhexchange, string.rep("\255", 8))
	try("xor bytes", crypt.xor_str, all:sub(1, 20), "\255\0")
	try("hmac64 bytes", crypt.hmac64, a, b)
	try("hmac64_md5 bytes", crypt.hmac64_md5, a, b)
	skynet.sleep(10)
	skynet.abort()
end)
