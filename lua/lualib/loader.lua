-- loader: where snlua raises "service not found", so the error is positioned at loader.lua:N as skynet's loader (lualib/loader.lua) positions it.
--
-- snlua finds services itself (the config's `lualoader` is ignored); only a
-- miss comes here, with the list of files tried, and raises it from this
-- chunk: the log then reads `lua loader error : .../loader.lua:N: cannot open
-- ...`, with `[C]: in global 'error'` and this main chunk in the traceback.
local tried = ...
if tried == "" then
	-- no service name: skynet's loader fails filling it into the first pattern
	local service_name
	string.gsub("?.lua", "?", service_name)
end
error(tried)
