-- md5: skynet's lualib/md5.lua API on the md5.core binding (lua/lua_md5.cpp):
-- sum (binary digest), sumhexa (lower-case hex), hmacmd5 (HMAC-MD5 as hex),
-- and the core's exor, crypt, decrypt.
local core = require "md5.core"

local function tohex(s)
	return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end

function core.sumhexa(s)
	return tohex(core.sum(s))
end

-- RFC 2104 with MD5's 64-byte block: a longer key is hashed first, a shorter one
-- zero-padded. Note skynet's argument order: data first, then key.
function core.hmacmd5(data, key)
	if #key > 64 then
		key = core.sum(key)
	end
	key = key .. string.rep("\0", 64 - #key)
	local inner = key:gsub(".", function(c) return string.char(c:byte() ~ 0x36) end)
	local outer = key:gsub(".", function(c) return string.char(c:byte() ~ 0x5c) end)
	return core.sumhexa(outer .. core.sum(inner .. data))
end

return core
