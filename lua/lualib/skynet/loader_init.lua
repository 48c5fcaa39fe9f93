-- skynet.loader_init: what snlua runs before a service's main chunk (require becomes skynet.require, then the config's `preload` file runs), and what then calls the chunk.
local c = require "skynet.core"

-- Calls a service's main chunk with its arguments, as skynet's loader.lua
-- does: through a local named `main`, so a traceback through the main chunk
-- names the frame "in local 'main'", as skynet's (its loader calls it so),
-- not "in main chunk". (It was skynet/loader_main.lua, a module of its own:
-- one file fewer to load in every service.)
local function run_main(main, ...)
	main(...)
end

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
	return run_main
end
