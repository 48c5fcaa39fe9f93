-- crypt_values: skynet.crypt's functions on fixed inputs (hashkey, hmac64, hmac64_md5, hmac_hash, sha1,
-- hmac_sha1, des with both paddings, hex, base64 with and without padding, dhexchange/dhsecret, xor_str,
-- randomkey's length, md5) and each one's refusals (bad key sizes, bad hex/base64/des text, zero keys).
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local crypt = require "skynet.crypt"
local md5 = require "md5"

local hex = crypt.hexencode

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	for i = 2, r.n do
		if type(r[i]) == "string" and r[1] and r[i]:find("[^%g ]") then r[i] = hex(r[i]) end
	end
	skynet.error(what, table.unpack(r, 1, r.n))
end

skynet.start(function()
	local key8 = "12345678"
	try("hashkey", crypt.hashkey, "hello world")
	try("hashkey empty", crypt.hashkey, "")
	try("randomkey length", function() return #crypt.randomkey() end)
	try("hmac64", crypt.hmac64, key8, "abcdefgh")
	try("hmac64 short", crypt.hmac64, "short", key8)
	try("hmac64_md5", crypt.hmac64_md5, key8, "abcdefgh")
	try("hmac_hash", crypt.hmac_hash, key8, "some text to hash")
	try("sha1", crypt.sha1, "The quick brown fox jumps over the lazy dog")
	try("sha1 empty", crypt.sha1, "")
	try("hmac_sha1", crypt.hmac_sha1, "key", "The quick brown fox jumps over the lazy dog")
	try("md5", md5.sumhexa, "The quick brown fox jumps over the lazy dog")

	local plain = "attack at dawn!"
	local enc = crypt.desencode(key8, plain)
	try("desencode", function() return enc end)
	try("desdecode", crypt.desdecode, key8, enc)
	try("des padding iso7816_4", function()
		local e = crypt.desencode(key8, plain, crypt.padding.iso7816_4)
		return e, crypt.desdecode(key8, e, crypt.padding.iso7816_4)
	end)
	try("des padding pkcs7", function()
		local e = crypt.desencode(key8, "12345678", crypt.padding.pkcs7)
		return e, crypt.desdecode(key8, e, crypt.padding.pkcs7)
	end)
	try("padding table", function() return crypt.padding.iso7816_4, crypt.padding.pkcs7 end)
	try("des bad padding mode", crypt.desencode, key8, plain, 9)
	try("des short key", crypt.desencode, "short", plain)
	try("des bad length", crypt.desdecode, key8, "1234567")
	try("des wrong key", crypt.desdecode, "87654321", enc)

	try("hexencode", crypt.hexencode, "\0\1\127\128\255")
	try("hexdecode", function() return crypt.hexdecode("00017f80ff") == "\0\1\127\128\255" end)
	try("hexdecode upper", function() return crypt.hexdecode("ABCDEF") == "\171\205\239" end)
	try("hexdecode odd", crypt.hexdecode, "abc")
	try("hexdecode bad", crypt.hexdecode, "zz")

	for _, s in ipairs { "", "f", "fo", "foo", "foob", "fooba", "foobar", "\0\255\254" } do
		local e = crypt.base64encode(s)
		try("base64 " .. #s, function() return e, crypt.base64decode(e) == s end)
	end
	try("base64decode no padding", crypt.base64decode, "Zm9vYg")
	try("base64decode with newline", crypt.base64decode, "Zm9v\nYmFy")
	try("base64decode bad", crypt.base64decode, "Zm9v!mFy")
	try("base64decode short", crypt.base64decode, "Z")

	local ka, kb = "\1\2\3\4\5\6\7\8", "\8\7\6\5\4\3\2\1"
	local pa, pb = crypt.dhexchange(ka), crypt.dhexchange(kb)
	try("dhexchange", function() return pa, pb end)
	try("dhsecret agrees", function() return crypt.dhsecret(pb, ka) == crypt.dhsecret(pa, kb), crypt.dhsecret(pb, ka) end)
	try("dhexchange zero", crypt.dhexchange, string.rep("\0", 8))
	try("dhexchange short", crypt.dhexchange, "short")
	try("dhsecret zero", crypt.dhsecret, string.rep("\0", 8), ka)

	try("xor_str", crypt.xor_str, "abcdef", "k")
	try("xor_str longer key", crypt.xor_str, "ab", "0123")
	try("xor_str empty key", crypt.xor_str, "abc", "")
	skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
	skynet.abort()
end)
