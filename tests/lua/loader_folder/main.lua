-- loader_folder: a service that is a folder of its own (luaservice "tests/lua/?/main.lua"), with a module beside it.
local skynet = require "skynet"
local helper = require "loader_helper" -- found through SERVICE_PATH

skynet.start(function()
	skynet.dispatch("lua", function()
		skynet.retpack(SERVICE_PATH, helper.name, PRELOADED)
	end)
end)
