-- skynet.loader_init: what snlua runs before a service's main chunk: require becomes skynet.require, then the config's `preload` file runs.
local c = require "skynet.core"

return function(args)
	_G.require = require("skynet.require").require
	local preload = c.command("GETENV", "preload")
	if preload then
		local f = assert(loadfile(preload))
		local list = {}
		for word in args:gmatch("%S+") do
			list[#list + 1] = word
		end
		f(table.unpack(list))
	end
end
