-- main: starts the web service (one port for the page, the HTTP polls and the
-- websocket), then the headless client, unless a real browser plays that part.
local skynet = require "skynet"

skynet.start(function()
	local web = skynet.newservice("web")
	local port = skynet.call(web, "lua", "port")
	skynet.error(string.format("lesson 40: open http://127.0.0.1:%d/ in a browser", port))
	if skynet.getenv("lesson40_browser") then
		return -- the browser's page is the client; GET /quit stops the runtime
	end
	skynet.newservice("client", port)
end)
