-- launcher: starts services for newservice and answers once each has finished its start function.
local skynet = require "skynet"
require "skynet.manager"
local core = require "skynet.core"
local border = require "skynet.border"

local services = {}   -- address -> "name args" of the services it launched
local instance = {}   -- address -> response owed to whoever asked for it
local launch_session = {} -- address -> the session of the request that launched it (QUERY)
local command = {}
local NORET = {} -- a command that answers later (or never) returns this

-- The arguments joined as skynet's launcher joins them: its Lua (5.5) writes
-- a float in table.concat as tostring does (2^53 is 9007199254740992.0, not
-- 5.4's 9.007199254741e+15); our tostring has 5.5's digits, table.concat not.
local function join(...)
	local args = { ... }
	for i, v in pairs(args) do
		if math.type(v) == "float" then args[i] = tostring(v) end
	end
	return table.concat(args, " ", 1, border(args, select("#", ...)))
end

local function launch(service, ...)
	local param = join(...)
	local inst = skynet.launch(service, param)
	local session = skynet.context()
	local response = skynet.response()
	if inst then
		services[inst] = service .. " " .. param
		instance[inst] = response
		launch_session[inst] = session
	else
		response(false) -- as skynet's (no module: the runtime logged why)
	end
	return inst
end

function command.LAUNCH(_, service, ...)
	launch(service, ...)
	return NORET
end

-- As LAUNCH, with the new service's message log switched on from its first
-- message (the debug console's `log`; the file is logpath/<address>.log).
function command.LOGLAUNCH(_, service, ...)
	local inst = launch(service, ...)
	if inst then
		core.command("LOGON", skynet.address(inst))
	end
	return NORET
end

-- The new service finished its start function.
function command.LAUNCHOK(address)
	local response = instance[address]
	if response then
		response(true, address)
		instance[address] = nil
		launch_session[address] = nil
	end
	return NORET
end

-- The new service failed to load or to start; reason says why.
function command.ERROR(address, reason)
	local response = instance[address]
	if response then
		response(false, reason or "init failed")
		instance[address] = nil
		launch_session[address] = nil
	end
	services[address] = nil
	return NORET
end

function command.REMOVE(_, handle, kill)
	services[handle] = nil
	local response = instance[handle]
	if response then
		-- It exited before finishing its start function. As skynet: that is
		-- not an error (newservice returns nothing) unless it was killed.
		if kill then
			response(false, "service killed during start")
		else
			response(true)
		end
		instance[handle] = nil
		launch_session[handle] = nil
	end
	return NORET
end

-- QUERY session: the service still starting that the request of that session
-- launched (service_mgr asks it), or nothing.
function command.QUERY(_, request_session)
	for address, session in pairs(launch_session) do
		if session == request_session then
			return address
		end
	end
end

function command.LIST()
	local list = {}
	for k, v in pairs(services) do
		list[skynet.address(k)] = v
	end
	return list
end

-- Ask every service launched here a debug command at once; each answer (or
-- "ERROR", or "TIMEOUT" after ti ticks) goes through format(answer, address).
local function ask_all(ti, format, ...)
	local list, waiting = {}, {}
	local reqs = skynet.request()
	for address in pairs(services) do
		local call = { address, "debug", ... }
		reqs:add(call)
		waiting[call] = address
	end
	for call, resp in reqs:select(ti) do
		local address = call[1]
		list[skynet.address(address)] = format(resp and resp[1] or "ERROR", address)
		waiting[call] = nil
	end
	for _, address in pairs(waiting) do
		list[skynet.address(address)] = format("TIMEOUT", address)
	end
	return list
end

-- STAT [ti]: each service's debug STAT table.
function command.STAT(_, ti)
	return ask_all(ti, function(stat) return stat end, "STAT")
end

-- MEM [ti]: each service's Lua memory, "N.NN Kb (snlua name args)".
function command.MEM(_, ti)
	return ask_all(ti, function(kb, address)
		if type(kb) == "string" then
			return string.format("%s (%s)", kb, services[address])
		end
		return string.format("%.2f Kb (%s)", kb, services[address])
	end, "MEM")
end

-- GC [ti]: every service collects, then MEM.
function command.GC(source, ti)
	for address in pairs(services) do
		skynet.send(address, "debug", "GC")
	end
	return command.MEM(source, ti)
end

function command.KILL(_, handle)
	skynet.kill(handle)
	local ret = { [skynet.address(handle)] = tostring(services[handle]) }
	services[handle] = nil
	return ret
end

skynet.register_protocol {
	name = "text",
	id = skynet.PTYPE_TEXT,
	unpack = skynet.tostring,
	-- snlua reports a script that failed to load as text: "ERROR <reason>"
	dispatch = function(session, address, text)
		local cmd, reason = text:match("^(%S+)%s?(.*)$")
		if text == "" then
			command.LAUNCHOK(address) -- a C service's start, as skynet's
		elseif cmd == "ERROR" then
			command.ERROR(address, reason)
		else
			error("Invalid text command " .. text) -- skynet's words
		end
	end,
}

skynet.dispatch("lua", function(session, address, cmd, ...)
	cmd = string.upper(cmd)
	local f = command[cmd]
	if f == nil then
		-- as skynet's: answered, with a table holding the complaint
		return skynet.ret(skynet.pack({ "Unknown command" }))
	end
	local ret = f(address, ...)
	if ret ~= NORET then
		skynet.ret(skynet.pack(ret))
	end
end)

skynet.start(function()
	skynet.daemon()
end)
