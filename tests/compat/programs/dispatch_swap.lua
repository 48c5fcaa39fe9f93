-- dispatch_swap: skynet.dispatch's return values (the old handler; a query with no function; a protocol
-- never registered), a handler replaced from inside itself, dispatch_unknown_request/response returning
-- the previous handler and being put back, a raising unknown-request handler, a protocol registered with
-- its dispatch in the table, and skynet.dispatch of "response" and "error".
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"

local mode = ...
local log = skynet.error

skynet.register_protocol {
	name = "tab",
	id = 201,
	pack = skynet.pack,
	unpack = skynet.unpack,
	dispatch = function(session, source, ...)
		log("tab dispatch from the table", session ~= 0, ...)
		if session ~= 0 then
			skynet.retpack("tab ok")
		end
	end,
}
skynet.register_protocol {
	name = "raw",
	id = 202,
	pack = function(...) return table.concat({ ... }, ",") end,
	unpack = skynet.tostring,
}

if mode == "worker" then
	skynet.start(function()
		local function second(_, _, cmd)
			skynet.retpack("second " .. cmd)
		end
		local function first(_, _, cmd)
			if cmd == "swap" then
				local old = skynet.dispatch("lua", second)
				skynet.retpack("first swapped", old == first)
			else
				skynet.retpack("first " .. cmd)
			end
		end
		log("dispatch of a fresh lua", skynet.dispatch("lua", first))
		log("query", skynet.dispatch("lua") == first, skynet.dispatch("lua", nil) == first)
		log("query unknown", skynet.dispatch("nosuch"))
		log("query tab", type(skynet.dispatch("tab")))
		local prev = skynet.dispatch_unknown_request(function(session, source, msg, sz, name)
			log("my unknown request", session ~= 0, name, skynet.tostring(msg, sz))
			if name == "raw" then
				error("unknown raw raises")
			end
		end)
		log("previous unknown request handler", type(prev))
		skynet.fork(function()
			skynet.sleep(30)
			log("put back", type(skynet.dispatch_unknown_request(prev)))
		end)
		local prevr = skynet.dispatch_unknown_response(function(session, source, msg, sz)
			log("my unknown response", skynet.tostring(msg, sz))
		end)
		log("previous unknown response handler", type(prevr))
		log("dispatch response", pcall(skynet.dispatch, "response", function() end))
		log("dispatch error", type(skynet.dispatch("error")))
	end)
	return
end

skynet.start(function()
	local w = skynet.newservice(SERVICE_NAME, "worker")
	log(skynet.call(w, "lua", "a"))
	log(skynet.call(w, "lua", "swap"))
	log(skynet.call(w, "lua", "b"))
	log(skynet.call(w, "tab", 1, 2))
	skynet.send(w, "tab", "sent")
	skynet.send(w, "raw", "x", "y")
	skynet.sleep(5)
	skynet.sleep(40)
	skynet.send(w, "raw", "after", "putback")
	log("raw call", pcall(skynet.call, w, "raw", "z"))
	skynet.sleep(20)
	skynet.abort()
end)
