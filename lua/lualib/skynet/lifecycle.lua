-- skynet.lifecycle: a service's life: init and start, exit, its environment, and launching others.
local coroutine_yield = coroutine.yield
local traceback = debug.traceback

return function(skynet, internal)
local c = internal.c
local session_coroutine_id = internal.session_coroutine_id
local session_coroutine_address = internal.session_coroutine_address
local unresponse = internal.unresponse
local self_handle = skynet.self()
local assert_here = internal.assert_here -- in skynet.lua: its position reads as skynet's
local PTYPE_RESPONSE, PTYPE_ERROR = skynet.PTYPE_RESPONSE, skynet.PTYPE_ERROR

local init_funcs = {}

-- Functions to run before the start function (skynet.init).
function skynet.init(f, name)
	assert(type(f) == "function")
	if init_funcs == nil then
		f()
	else
		init_funcs[#init_funcs + 1] = f
	end
end

local function run_init_funcs()
	local funcs = init_funcs
	init_funcs = nil
	for _, f in ipairs(funcs or {}) do
		f()
	end
end

-- skynet.pcall(f, ...): run the pending skynet.init functions and f(...),
-- catching a raise with its traceback (service_cell starts code this way).
function skynet.pcall(start, ...)
	local args = table.pack(...)
	return xpcall(function()
		run_init_funcs()
		init_funcs = {}
		start(table.unpack(args, 1, args.n))
		run_init_funcs()
	end, traceback)
end

function skynet.init_service(start)
	local function main()
		run_init_funcs()
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
local function fail_pending_requests(why)
	local reason = "service " .. skynet.address(self_handle) .. " " .. why
	for co, session in pairs(session_coroutine_id) do
		local address = session_coroutine_address[co]
		if session ~= 0 and address then
			c.send(address, PTYPE_ERROR, session, reason)
		end
	end
	for resp in pairs(unresponse) do
		resp(false, reason)
	end
end

function skynet.exit()
	internal.drop_forks()
	skynet.send(".launcher", "lua", "REMOVE", self_handle, false)
	fail_pending_requests("exited")
	-- The tasks still waiting will never resume: close them, so their
	-- to-be-closed variables run (as skynet does).
	local running = internal.running.thread
	for _, co in pairs(internal.session_id_coroutine) do
		if type(co) == "thread" and co ~= running then
			coroutine.close(co)
		end
	end
	-- Tell the services we still wait on that we are gone, so they drop
	-- the answers they owe us.
	local callees = {}
	for _, address in pairs(internal.watching_session) do
		callees[address] = true
	end
	for address in pairs(callees) do
		c.send(address, PTYPE_ERROR, 0, "")
	end
	-- From now on a request gets an ERROR instead of a dispatch: messages
	-- already taken from the queue may still arrive before the end.
	c.callback(function(prototype, msg, sz, session, source)
		if session ~= 0 and source ~= 0 and prototype ~= PTYPE_RESPONSE and prototype ~= PTYPE_ERROR then
			c.send(source, PTYPE_ERROR, session, "service " .. skynet.address(self_handle) .. " exited")
		end
	end)
	c.command("EXIT")
	coroutine_yield "QUIT"
end

-- skynet.setenv and skynet.memlimit load on first use (skynet/setenv.lua).
function skynet.getenv(key)
	return c.command("GETENV", key)
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
