-- test_md5: the md5 module gives skynet's results. Every expected value below was
-- printed by real skynet's md5 (its luaclib/md5.so and lualib/md5.lua, same inputs).
local md5 = require "md5"
local t = require "testlib"

local function hex(s)
	return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end

t.run("test_md5", {
	{ "sum and sumhexa", function()
		t.eq(md5.sumhexa(""), "d41d8cd98f00b204e9800998ecf8427e", "empty")
		t.eq(md5.sumhexa("abc"), "900150983cd24fb0d6963f7d28e17f72", "abc")
		t.eq(md5.sumhexa(string.rep("x", 1000)), "398533d48111e9f664b1f64cb10c4b63", "1000 x")
		t.eq(#md5.sum("hello"), 16, "binary digest size")
		t.eq(hex(md5.sum("hello")), "5d41402abc4b2a76b9719d911017c592", "hello")
	end },
	{ "hmacmd5(data, key) as hex", function()
		t.eq(md5.hmacmd5("The quick brown fox jumps over the lazy dog", "key"),
			"80070713463e7749b90c2dc24911e275", "fox")
		t.eq(md5.hmacmd5("data", string.rep("k", 100)), "38a034384b6cbf08275f34dc859e6d6b", "long key")
		t.eq(md5.hmacmd5("", ""), "74e6f7298a9c2d168935f58c001bad88", "empty")
	end },
	{ "exor, crypt, decrypt", function()
		t.eq(hex(md5.exor("abcd", "\1\2\3\4")), "60606060", "exor")
		t.eq(hex(md5.crypt("hello world, this is longer than 16", "secret", "seed123")),
			"07736565643132330fc7f7feef9c1eb79bbcc87789640e2241fe40680b90114a361dc484a8cc64d7354e99", "crypt")
		t.eq(md5.decrypt(md5.crypt("round trip", "k"), "k"), "round trip", "decrypt(crypt)")
		t.eq(md5._VERSION, "MD5 1.2", "_VERSION")
	end },
	{ "bad input names the problem", function()
		t.raises(function() md5.exor("a", "bb") end, "lengths must be equal")
		t.raises(function() md5.decrypt("\17abc", "k") end, "invalid cyphered string")
		t.raises(function() md5.crypt("x", "k", string.rep("s", 17)) end, "seed too long (> 16)")
		t.raises(function() md5.crypt("x", string.rep("k", 257), "s") end, "key too long (> 256)")
		t.raises(function() md5.sum() end, "bad argument #1")
	end },
})
