-- skynet.lifecycle: a service's life: init and start, exit, its environment, and launching others.
local traceback = debug.traceback

return function(skynet, internal)
local c = internal.c
local session_coroutine_id = internal.session_coroutine_id
local session_coroutine_address = internal.session_coroutine_address
local unresponse = internal.unresponse
local self_handle = skynet.self()
local assert_here = internal.assert_here -- in skynet.lua: its position reads as skynet's
local PTYPE_ERROR = skynet.PTYPE_ERROR

local skynet_require = require "skynet.require"

-- Functions to run once the module being loaded has run (skynet.require's
-- second step; the main chunk's run before the start function). `name` is
-- ignored, as skynet's.
function skynet.init(f, name)
	skynet_require.init(f)
end

-- skynet.pcall is pcall, as skynet's (deprecated there).
skynet.pcall = pcall

function skynet.init_service(start)
	local function main()
		skynet_require.init_all()
		start()
	end
	internal.init_thread = coroutine.running() -- skynet.task "init" shows where start waits
	local ok, err = xpcall(main, traceback)
	internal.init_thread = nil
	if not ok then
		c.error("init service failed: " .. tostring(err))
		skynet.send(".launcher", "lua", "ERROR", tostring(err))
		skynet.exit()
	else
		skynet.send(".launcher", "lua", "LAUNCHOK")
	end
end

function skynet.start(start_func)
	c.callback(skynet.dispatch_message, false, true) -- true: it may take a batch (skynet.lua)
	skynet.timeout(0, function()
		skynet.init_service(start_func)
	end)
end

-- Everyone still waiting for an answer from us gets an ERROR saying why.
-- (The reason is worded only when someone waits: a killed service runs this
-- in lua_close.)
local function fail_pending_requests(why)
	local reason
	for co, session in pairs(session_coroutine_id) do
		local address = session_coroutine_address[co]
		if session ~= 0 and address then
			reason = reason or "service " .. skynet.address(self_handle) .. " " .. why
			c.send(address, PTYPE_ERROR, session, reason)
		end
	end
	for resp in pairs(unresponse) do
		reason = reason or "service " .. skynet.address(self_handle) .. " " .. why
		resp(false, reason)
	end
end

internal.fail_pending_requests = fail_pending_requests
-- skynet.exit loads on first use (skynet/exit.lua): a service killed from
-- outside, or one that never ends, never calls it.

-- skynet.setenv and skynet.memlimit load on first use (skynet/setenv.lua).
-- nil, not nothing, as skynet's; a key that is not a string fails at
-- skynet.lua's position (skynet/raise_here.lua).
function skynet.getenv(key)
	if type(key) ~= "string" then
		return require("skynet.raise_here").getenv(key)
	end
	return (c.command("GETENV", key))
end

-- A service that cannot start makes this raise skynet's "call failed"; the
-- reason is in the log (the compile error, "init service failed: ...").
function skynet.newservice(name, ...)
	return skynet.call(".launcher", "lua", "LAUNCH", "snlua", name, ...)
end
-- skynet.uniqueservice and skynet.queryservice load on first use
-- (skynet/service_query.lua).

-- A service killed from outside (skynet.kill, abort) never runs skynet.exit:
-- as in skynet, requests it was serving are not answered (their callers wait
-- for ever); only messages still in its queue are answered with an ERROR.
end
