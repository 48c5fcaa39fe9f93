-- skynet.sharedata.corelib: where a write to shared data fails, in Lua, so the error carries this file's position as skynet's corelib.lua's does.
local core = require "skynet.sharedata.core"

local corelib = {}

-- The proxies' __newindex: `error` is called as a global on purpose, so a
-- traceback reads "[C]: in global 'error'" as skynet's.
function corelib.newindex(self, key, value)
	local path = core.keypath(self)
	if path == nil then
		return core.newindex(self, key, value) -- a sharetable's table: its own text, from C
	end
	error("Error newindex, the key [" .. path .. "]")
end

core.setnewindex(corelib.newindex)

return corelib
