-- snaxd: runs one snax service file: numbers its methods (snax.interface) and dispatches PTYPE_SNAX to them.
local skynet = require "skynet"
local snax_interface = require "snax.interface"
local profile = require "skynet.profile"
local snax = require "skynet.snax"
local prototrace = require "skyglass.prototrace"

local snax_name = tostring(...)
local loader_path = skynet.getenv "snax_loader"
local loader = loader_path and assert(dofile(loader_path))
local methods, pattern = snax_interface(snax_name, _ENV, loader)
-- The service's own folder (pattern's part before '?', then its name) comes
-- first on package.path, as for a folder service.
local snax_path = pattern:sub(1, pattern:find("?", 1, true) - 1) .. snax_name .. "/"
package.path = snax_path .. "?.lua;" .. package.path

SERVICE_NAME = snax_name
SERVICE_PATH = snax_path

local profile_table = {} -- method name -> { count, time }

local function record(name, seconds)
	local t = profile_table[name]
	if t == nil then
		t = { count = 0, time = 0 }
		profile_table[name] = t
	end
	t.count = t.count + 1
	t.time = t.time + seconds
end

local function answer(f, ...)
	return skynet.ret(skynet.pack(f(...)))
end

local function timed(method, ...)
	profile.start()
	local ok, err
	if method[2] == "accept" then
		ok, err = xpcall(method[4], debug.traceback, ...) -- a send: no answer
	else
		ok, err = xpcall(answer, debug.traceback, method[4], ...)
	end
	record(method[3], profile.stop())
	assert(ok, err)
end

skynet.start(function()
	local started = false
	local function dispatch(session, source, id, ...)
		local method = methods[id] -- an unknown id fails indexing it, as skynet's
		-- the trace names the message by its method: "response.echo", "accept.note"
		prototrace.msg_label(method[2] .. "." .. method[3])
		if method[2] ~= "system" then
			assert(started, "Init first")
			timed(method, ...) -- not a tail call: tracebacks show this frame, as skynet's
			return
		end
		local command = method[3]
		if command == "hotfix" then
			local hotfix = require "snax.hotfix"
			skynet.ret(skynet.pack(hotfix(methods, ...)))
		elseif command == "profile" then
			skynet.ret(skynet.pack(profile_table))
		elseif command == "init" then
			assert(not started, "Already init")
			-- named as skynet's snaxd names it: a traceback says "in local 'initfunc'"
			local initfunc = method[4] or function() end
			initfunc(...)
			skynet.ret()
			skynet.info_func(function() return profile_table end)
			started = true
		else
			assert(started, "Never init")
			local exitfunc = method[4] or function() end -- "in local 'exitfunc'"
			exitfunc(...)
			skynet.ret()
			started = false
			skynet.exit()
		end
	end
	skynet.dispatch("snax", dispatch)

	-- cluster callers reach snax methods through the lua protocol
	function snax.enablecluster()
		skynet.dispatch("lua", dispatch)
	end
end)
