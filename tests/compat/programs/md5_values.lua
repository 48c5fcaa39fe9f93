-- md5_values: the md5 module that ships with skynet (md5.core's sum, exor, crypt, decrypt and the Lua
-- sumhexa and hmacmd5) on fixed inputs, keys of 0, 64 and 100 bytes, seeds of 0 to 16 bytes and past
-- that, cyphertext cut short, strings that differ in length for exor, and numbers where strings go;
-- also the module's own fields (their types).
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local md5 = require "md5"

local function hex(s)
	return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	for i = 2, r.n do
		if type(r[i]) == "string" and r[i]:find("[^%g ]") then r[i] = "hex:" .. hex(r[i]) end
	end
	skynet.error(what, table.unpack(r, 1, r.n))
end

skynet.start(function()
	try("sum", function() return hex(md5.sum("abc")) end)
	try("sum empty", function() return hex(md5.sum("")) end)
	try("sum number", function() return hex(md5.sum(123)) end)
	try("sum nil", function() return md5.sum(nil) end)
	try("sumhexa", md5.sumhexa, "The quick brown fox jumps over the lazy dog")
	try("sumhexa long", md5.sumhexa, string.rep("x", 1000))
	try("hmacmd5", md5.hmacmd5, "data", "key")
	try("hmacmd5 empty key", md5.hmacmd5, "data", "")
	try("hmacmd5 key 64", md5.hmacmd5, "data", string.rep("k", 64))
	try("hmacmd5 key 100", md5.hmacmd5, "data", string.rep("k", 100))
	try("hmacmd5 nil key", function() return md5.hmacmd5("data", nil) end)
	try("exor", function() return md5.exor("abcd", "\1\2\3\4") end)
	try("exor short second", function() return md5.exor("abcd", "\1") end)
	try("exor long second", function() return md5.exor("ab", "\1\2\3\4") end)
	try("exor empty", function() return md5.exor("", "") end)
	local c = md5.crypt("secret message", "key", "seed")
	try("crypt", function() return c, #c end)
	try("decrypt", md5.decrypt, c, "key")
	try("decrypt wrong key", function() return #md5.decrypt(c, "other") end)
	try("crypt empty seed", function()
		local e = md5.crypt("m", "k", "")
		return e, md5.decrypt(e, "k")
	end)
	try("crypt seed 16", function()
		local e = md5.crypt("message", "k", string.rep("s", 16))
		return #e, md5.decrypt(e, "k")
	end)
	try("crypt seed 17", function() return md5.crypt("message", "k", string.rep("s", 17)) end)
	try("crypt key 256", function() return #md5.crypt("m", string.rep("k", 256), "s") end)
	try("crypt key 257", function() return md5.crypt("m", string.rep("k", 257), "s") end)
	try("crypt long message", function()
		local m = string.rep("0123456789", 10)
		local e = md5.crypt(m, "k", "seed")
		return #e, md5.decrypt(e, "k") == m
	end)
	try("decrypt empty", function() return md5.decrypt("", "k") end)
	try("decrypt cut", function() return md5.decrypt("\5ab", "k") end)
	try("decrypt seed too long", function() return md5.decrypt("\20" .. string.rep("x", 30), "k") end)
	try("fields", function()
		local keys = {}
		for k, v in pairs(md5) do keys[#keys + 1] = k .. ":" .. type(v) end -- the texts are each library's own
		table.sort(keys)
		return table.concat(keys, " ")
	end)
	skynet.sleep(10)
	skynet.abort()
end)
