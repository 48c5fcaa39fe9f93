-- crypt_errors: skynet.crypt given what it does not take: keys of the wrong length, odd hex, bad base64, numbers for
-- strings, dh keys of the wrong size or zero, an empty xor key, unknown padding modes, a des text that is not a whole block.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local crypt = require "skynet.crypt"
local log = skynet.error

local function try(name, f, ...)
	local r = table.pack(pcall(f, ...))
	for i = 2, r.n do
		if type(r[i]) == "string" and r[1] then r[i] = crypt.hexencode(r[i]) end
	end
	log(name, table.unpack(r, 1, r.n))
end

skynet.start(function()
	try("desencode short key", crypt.desencode, "1234567", "text")
	try("desencode long key", crypt.desencode, "123456789", "text")
	try("desencode number text", crypt.desencode, "12345678", 12345)
	try("desencode empty", crypt.desencode, "12345678", "")
	try("desdecode partial block", crypt.desdecode, "12345678", "1234567")
	try("desdecode bad padding", crypt.desdecode, "12345678", "12345678")
	try("desdecode empty", crypt.desdecode, "12345678", "")
	try("desencode padding 1", crypt.desencode, "12345678", "abc", crypt.padding.iso7816_4)
	try("desencode padding 9", crypt.desencode, "12345678", "abc", 9)
	try("hexdecode odd", crypt.hexdecode, "abc")
	try("hexdecode bad char", crypt.hexdecode, "zz")
	try("hexdecode upper", crypt.hexdecode, "ABCD")
	try("hexencode number", crypt.hexencode, 255)
	try("base64decode bad", crypt.base64decode, "!!!!")
	try("base64decode short", crypt.base64decode, "YQ")
	try("base64decode spaces", crypt.base64decode, "YW Jj")
	try("base64encode number", crypt.base64encode, 12)
	try("hmac64 short", crypt.hmac64, "1234567", "12345678")
	try("hmac64 key short", crypt.hmac64, "12345678", "123")
	try("hmac64_md5 short", crypt.hmac64_md5, "12", "12345678")
	try("hmac_hash short", crypt.hmac_hash, "1234", "text")
	try("dhexchange short", crypt.dhexchange, "1234")
	try("dhexchange zero", crypt.dhexchange, string.rep("\0", 8))
	try("dhsecret short", crypt.dhsecret, "1234", "12345678")
	try("dhsecret zero", crypt.dhsecret, string.rep("\0", 8), "12345678")
	try("xor empty key", crypt.xor_str, "abc", "")
	try("xor long key", crypt.xor_str, "ab", "12345")
	try("sha1 number", crypt.sha1, 42)
	try("sha1 nil", crypt.sha1)
	try("hmac_sha1 nil key", crypt.hmac_sha1, nil, "x")
	try("hashkey table", crypt.hashkey, {})
	try("hashkey empty", crypt.hashkey, "")
	try("randomkey args", function() return #crypt.randomkey(5) end)
	skynet.sleep(2)
	skynet.abort()
end)
