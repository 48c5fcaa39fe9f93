-- fetcher: lesson 42's http.httpc client, another service asking the same server:
-- httpc opens a connection, writes one request, reads the answer and closes.
local skynet = require "skynet"
local httpc = require "http.httpc"

local function run(port)
	local header = {} -- filled with the response's header fields
	-- lesson 42.9: get suspends this coroutine in socket.open, then in each socket.read of the response
	local code, body = httpc.get("127.0.0.1:" .. port, "/hello?from=httpc", header)
	skynet.error(string.format("fetcher: %d | %s (content-type %s)", code, (body:gsub("\n$", "")),
		tostring(header["content-type"])))
end

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd, port)
		assert(cmd == "run", "fetcher: main only sends run")
		run(port)
		skynet.ret()
	end)
end)
