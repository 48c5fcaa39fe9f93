-- forwarders: services that pass messages on without unpacking them: a proxy on skynet.forward_type (lua -> system, its buffer handed to rawcall and the answer to ret), a proxy raising for some requests, a filter rewriting the source and type of requests, a protocol not in the forward map (dispatched, then freed), a send through the proxy, a call to a dead backend through it.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"

local mode, arg = ...
local log = skynet.error

if mode == "backend" then
	skynet.start(function()
		skynet.dispatch("lua", function(session, source, cmd, ...)
			log("backend got", cmd, session > 0, ...)
			if cmd == "raise" then error("backend raises") end
			if cmd == "quit" then skynet.retpack("bye") skynet.exit() return end
			if session > 0 then skynet.retpack("backend", cmd, ...) end
		end)
	end)
	return
elseif mode == "proxy" then
	local backend = tonumber(arg)
	skynet.register_protocol { name = "system", id = skynet.PTYPE_SYSTEM, unpack = function(...) return ... end }
	skynet.forward_type({ [skynet.PTYPE_LUA] = skynet.PTYPE_SYSTEM, [skynet.PTYPE_RESPONSE] = skynet.PTYPE_RESPONSE }, function()
		skynet.dispatch("system", function(session, source, msg, sz)
			if session == 0 then
				skynet.redirect(backend, source, "lua", 0, msg, sz)
			else
				skynet.ret(skynet.rawcall(backend, "lua", msg, sz))
			end
		end)
		-- a text message is not in the map: dispatched, then freed
		skynet.register_protocol { name = "text", id = skynet.PTYPE_TEXT, unpack = skynet.tostring,
			dispatch = function(session, source, text) log("proxy text", text) if session > 0 then skynet.ret(text) end end }
		log("proxy started")
	end)
	return
elseif mode == "filter" then
	skynet.filter(function(ptype, msg, sz, session, source)
		if ptype == skynet.PTYPE_TEXT then
			-- text requests become lua requests with the text as the command
			local text = skynet.tostring(msg, sz)
			-- a string, not skynet.pack's buffer: nothing frees a message the
			-- filter makes (skynet's neither), so a buffer would leak
			local m = skynet.packstring("from text", text)
			return skynet.PTYPE_LUA, m, #m, session, source
		end
		return ptype, msg, sz, session, source
	end, function()
		skynet.dispatch("lua", function(session, source, cmd, ...)
			log("filtered", cmd, ...)
			if session > 0 then skynet.retpack("filter saw", cmd, ...) end
		end)
		log("filter started")
	end)
	return
end

skynet.start(function()
	skynet.register_protocol { name = "text", id = skynet.PTYPE_TEXT, pack = function(s) return s end, unpack = skynet.tostring }
	local backend = skynet.newservice(SERVICE_NAME, "backend")
	local proxy = skynet.newservice(SERVICE_NAME, "proxy", backend)
	log("via proxy", skynet.call(proxy, "lua", "hello", 1, nil, { 2 }))
	log("via proxy again", skynet.call(proxy, "lua", "again"))
	skynet.send(proxy, "lua", "a send", 3)
	log("raise via proxy", pcall(skynet.call, proxy, "lua", "raise"))
	log("text to proxy", skynet.call(proxy, "text", "plain text"))
	local filter = skynet.newservice(SERVICE_NAME, "filter")
	log("lua to filter", skynet.call(filter, "lua", "direct", 5))
	log("text to filter", skynet.call(filter, "text", "converted"))
	log("quit via proxy", skynet.call(proxy, "lua", "quit"))
	skynet.sleep(2)
	log("after the backend quit", pcall(skynet.call, proxy, "lua", "gone"))
	skynet.sleep(20)
	skynet.abort()
end)
