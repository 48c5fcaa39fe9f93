-- test_crypt: skynet.crypt gives the same bytes as skynet's lua-crypt.c.
-- Every expected value below was printed by real skynet (its luaclib, same inputs).
local skynet = require "skynet"
local crypt = require "skynet.crypt"
local t = require "testlib"

local hex = crypt.hexencode
local KEY = "\1\35\69\103\137\171\205\239" -- 01 23 45 67 89 ab cd ef
local KEY2 = "skyglass"

t.run("test_crypt", {
	{ "base64encode pads a short last group with '='", function()
		local cases = { [""] = "", f = "Zg==", fo = "Zm8=", foo = "Zm9v", foob = "Zm9vYg==",
			fooba = "Zm9vYmE=", foobar = "Zm9vYmFy", ["hello\0world\255"] = "aGVsbG8Ad29ybGT/" }
		for plain, encoded in pairs(cases) do
			t.eq(crypt.base64encode(plain), encoded, "base64encode " .. plain)
			t.eq(crypt.base64decode(encoded), plain, "base64decode " .. encoded)
		end
	end },
	{ "base64decode tolerates missing '=' and skips newlines", function()
		t.eq(crypt.base64decode("Zm9vYg"), "foob", "no padding")
		t.eq(crypt.base64decode("Zm9v\nYmFy"), "foobar", "newline")
		t.eq(crypt.base64decode("Zg=="), "f", "padded")
	end },
	{ "base64decode rejects leftover bits and misplaced '='", function()
		t.raises(function() crypt.base64decode("Zh==") end, "Invalid base64 text")
		t.raises(function() crypt.base64decode("Z===") end, "Invalid base64 text")
	end },
	{ "sha1 and hmac_sha1", function()
		t.eq(hex(crypt.sha1("")), "da39a3ee5e6b4b0d3255bfef95601890afd80709", "sha1 empty")
		t.eq(hex(crypt.sha1("abc")), "a9993e364706816aba3e25717850c26c9cd0d89d", "sha1 abc")
		t.eq(hex(crypt.sha1(string.rep("a", 1000))), "291e9a6c66994949b57ba5e650361e98fc36b1ba", "sha1 1000 a")
		t.eq(hex(crypt.hmac_sha1("key", "The quick brown fox jumps over the lazy dog")),
			"de7c9b85b8b78aa6bc8a7a36f70a90701c9db4d9", "hmac_sha1 fox")
		t.eq(hex(crypt.hmac_sha1(string.rep("k", 100), "x")), "f0f06edc45a0697855c766dd91a235f449aaa384",
			"hmac_sha1 long key")
	end },
	{ "hashkey", function()
		t.eq(hex(crypt.hashkey("")), "05150000a7c6674e", "empty")
		t.eq(hex(crypt.hashkey("hello")), "9930920fcbef1867", "hello")
		t.eq(hex(crypt.hashkey("skynet-login")), "694162920c7ad37b", "skynet-login")
	end },
	{ "hmac64, hmac64_md5 and hmac_hash", function()
		t.eq(hex(crypt.hmac64(KEY, KEY2)), "693dd81625fe4608", "hmac64 1")
		t.eq(hex(crypt.hmac64("abcdefgh", "12345678")), "fe3bcdd7a8bb7ce5", "hmac64 2")
		t.eq(hex(crypt.hmac64_md5(KEY, KEY2)), "d779003583b1e953", "hmac64_md5 1")
		t.eq(hex(crypt.hmac64_md5("abcdefgh", "12345678")), "b390b2dafc9e40da", "hmac64_md5 2")
		t.eq(hex(crypt.hmac_hash(KEY, "hello")), "a7ed01339ae78c8c", "hmac_hash 1")
		t.eq(hex(crypt.hmac_hash("abcdefgh", "the text to sign")), "e290a766039c9048", "hmac_hash 2")
		t.raises(function() crypt.hmac64("short", "12345678") end, "Invalid uint64 x")
		t.raises(function() crypt.hmac64("12345678", "short") end, "Invalid uint64 y")
		t.raises(function() crypt.hmac_hash("short", "x") end, "Invalid uint64 key")
	end },
	{ "dhexchange and dhsecret agree on both sides", function()
		t.eq(hex(crypt.dhexchange(KEY)), "3dcb75f50fd02972", "dhexchange KEY")
		t.eq(hex(crypt.dhexchange("\1\0\0\0\0\0\0\0")), "0500000000000000", "5^1")
		t.eq(hex(crypt.dhexchange("\255\255\255\255\255\255\255\255")), "4e2ea6baf651b377", "5^(2^64-1)")
		t.eq(hex(crypt.dhsecret(KEY, KEY2)), "3837e71c32d33a5d", "dhsecret")
		local a, b = "abcdefgh", "12345678"
		t.eq(hex(crypt.dhsecret(crypt.dhexchange(a), b)), "fab8e4dca970e431", "secret seen by b")
		t.eq(hex(crypt.dhsecret(crypt.dhexchange(b), a)), "fab8e4dca970e431", "secret seen by a")
		t.raises(function() crypt.dhexchange("\0\0\0\0\0\0\0\0") end, "Can't be 0")
		t.raises(function() crypt.dhexchange("short") end, "Invalid dh uint64 key")
	end },
	{ "desencode / desdecode with both paddings", function()
		local cases = {
			{ "", "caee534c523e1e79", "398c64daecda87a0" },
			{ "1234567", "3f0fe90f3dba6ab7", "e092f688c8714463" },
			{ "12345678", "bd0b1a49070ac376caee534c523e1e79", "426e99d6974675ca398c64daecda87a0" },
			{ "hello world, des!", "1f797e16614dab0ad6785d520b6fa5d07428d6c83d85a658",
				"99e2f4ea8553ebfa9e18559791300467d93ab8108d85bfaf" },
		}
		for _, c in ipairs(cases) do
			local iso = crypt.desencode(KEY, c[1])
			local pkcs = crypt.desencode(KEY2, c[1], crypt.padding.pkcs7)
			t.eq(hex(iso), c[2], "iso7816_4 of " .. c[1])
			t.eq(hex(pkcs), c[3], "pkcs7 of " .. c[1])
			t.eq(crypt.desdecode(KEY, iso), c[1], "decode iso7816_4")
			t.eq(crypt.desdecode(KEY2, pkcs, crypt.padding.pkcs7), c[1], "decode pkcs7")
		end
		t.raises(function() crypt.desdecode(KEY, "1234567") end, "Invalid des crypt text length 7")
		t.raises(function() crypt.desdecode(KEY, "12345678") end, "Invalid des crypt text")
		t.raises(function() crypt.desencode("short", "x") end, "Invalid key size 5, need 8 bytes")
		t.raises(function() crypt.desencode(KEY, "x", 5) end, "Invalid padding mode 5")
		t.eq(crypt.padding.iso7816_4, 0, "iso7816_4")
		t.eq(crypt.padding.pkcs7, 1, "pkcs7")
	end },
	{ "hexencode / hexdecode", function()
		t.eq(crypt.hexencode("\0\1\171\255"), "0001abff", "hexencode")
		t.eq(hex(crypt.hexdecode("00ff10ab")), "00ff10ab", "round trip")
		t.raises(function() crypt.hexdecode("abc") end, "Invalid hex text size 3")
		t.raises(function() crypt.hexdecode("zz") end, "Invalid hex text")
		t.raises(function() crypt.hexdecode("AB") end, "Invalid hex text")
	end },
	{ "xor_str repeats the key", function()
		t.eq(hex(crypt.xor_str("hello world", "key")), "030015070a591c0a0b0701", "xor")
		t.eq(crypt.xor_str("", "k"), "", "empty text")
		t.raises(function() crypt.xor_str("abc", "") end, "Can't xor empty string")
	end },
	{ "randomkey is 8 bytes, and two differ", function()
		local a, b = crypt.randomkey(), crypt.randomkey()
		t.eq(#a, 8, "length")
		assert(a ~= b, "two random keys are equal")
	end },
})
