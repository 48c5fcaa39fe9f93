-- main: lesson 42's director: starts the web server, then lets its two clients
-- ask one after the other (each call returns when that client is done), so every
-- step of the lesson is caused by the one before it.
local skynet = require "skynet"
require "skynet.manager" -- skynet.abort

skynet.start(function()
	local web = skynet.newservice("web")
	local port = skynet.call(web, "lua", "port")
	-- Part 1 and 2: a client that writes HTTP by hand, as a browser or telnet would.
	local browser = skynet.newservice("browser")
	skynet.call(browser, "lua", "run", port)
	-- Part 3: http.httpc from another service, to the same server.
	local fetcher = skynet.newservice("fetcher")
	skynet.call(fetcher, "lua", "run", port)
	-- Wait until the agents have closed every connection, so the trace ends
	-- with each connection's last event, whatever the threads' timing.
	skynet.call(web, "lua", "drain")
	skynet.error("lesson 42: every connection is closed")
	skynet.abort(0)
end)
