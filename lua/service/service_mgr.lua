-- service_mgr: one instance per name for uniqueservice, and queryservice's lookups (named ".service").
local skynet = require "skynet"
require "skynet.manager"

local service = {}  -- name -> address, or a list of coroutines waiting while it starts
local command = {}

local function waitfor(name, launch, ...)
	local s = service[name]
	if type(s) == "number" then
		return s
	end
	if type(s) == "string" then
		error(s) -- it failed to start before
	end
	if s == nil then
		if launch == nil then
			-- queryservice before anyone started it: wait for uniqueservice
			s = {}
			service[name] = s
		else
			-- marked as launching: a second uniqueservice while this one
			-- starts (its start may sleep) waits for it, not launches again
			service[name] = { launching = true }
			local ok, addr = pcall(launch, ...)
			local waiting = service[name]
			-- a failure is remembered (its text), as skynet's: later
			-- callers get the same error at once
			service[name] = ok and addr or tostring(addr)
			for _, co in ipairs(waiting) do
				skynet.wakeup(co)
			end
			if not ok then
				error(addr)
			end
			return addr
		end
	elseif launch ~= nil and s.launching == nil then
		-- someone queried first; this caller starts it
		s.launching = true
		local ok, addr = pcall(launch, ...)
		service[name] = ok and addr or tostring(addr)
		for _, co in ipairs(s) do
			skynet.wakeup(co)
		end
		if not ok then
			error(addr)
		end
		return addr
	end
	s[#s + 1] = coroutine.running()
	skynet.wait()
	local addr = service[name]
	if type(addr) == "string" then
		error(addr)
	end
	assert(type(addr) == "number")
	return addr
end

-- A snax service is unique per snax name ("snaxd.pingserver"), started by
-- skynet.snax so that its init runs. A global one ("@name", as skynet's
-- standalone service_mgr keeps them) is another instance than the local one.
local function real_name(name)
	if string.byte(name) == 64 then -- '@'
		return string.sub(name, 2)
	end
	return name
end

function command.LAUNCH(name, sub, ...)
	local realname = real_name(name)
	if realname == "snaxd" then
		return waitfor(name .. "." .. sub, require("skynet.snax").rawnewservice, sub, ...)
	end
	return waitfor(name, skynet.newservice, realname, sub, ...)
end

function command.QUERY(name, sub)
	if real_name(name) == "snaxd" then
		return waitfor(name .. "." .. sub)
	end
	return waitfor(name)
end

function command.GLOBAL(name, ...)
	return command.LAUNCH("@" .. name, ...)
end

function command.GLOBAL_QUERY(name, ...)
	return command.QUERY("@" .. name, ...)
end
command.GLAUNCH = command.GLOBAL
command.GQUERY = command.GLOBAL_QUERY

-- In a harbor network the global services live in the service_mgr of the
-- node that stands alone, named SERVICE (as skynet's); the others ask it,
-- and remember its answer under the same "@name".
local function ask_master(cmd, name, ...)
	local global_name = "@" .. name
	local local_name = global_name
	if name == "snaxd" then
		local_name = global_name .. "." .. (...)
	end
	return waitfor(local_name, skynet.call, "SERVICE", "lua", cmd, global_name, ...)
end

local function serve_globals_remotely()
	command.GLOBAL = function(...) return ask_master("LAUNCH", ...) end
	command.GLOBAL_QUERY = function(...) return ask_master("QUERY", ...) end
	command.GLAUNCH = command.GLOBAL
	command.GQUERY = command.GLOBAL_QUERY
	skynet.call("SERVICE", "lua", "REPORT", skynet.self())
end

-- The master's service_mgr hears of the others (skynet's REPORT); it keeps no list.
function command.REPORT() end

-- As skynet's: addresses, and the failures as "Error: why".
function command.LIST()
	local list = {}
	for name, addr in pairs(service) do
		if type(addr) == "number" then
			list[name] = skynet.address(addr)
		elseif type(addr) == "string" then
			list[name] = "Error: " .. addr
		end
	end
	return list
end

skynet.start(function()
	skynet.daemon()
	skynet.dispatch("lua", function(session, address, cmd, ...)
		-- as skynet's: a failure is answered (nil, why), not raised, so the
		-- caller's assert shows the whole chain of positions
		local f = command[cmd]
		if f == nil then
			skynet.ret(skynet.pack(nil, "Invalid command " .. tostring(cmd)))
			return
		end
		local ok, r = pcall(f, ...)
		if ok then
			skynet.ret(skynet.pack(r))
		else
			skynet.ret(skynet.pack(nil, r))
		end
	end)
	if skynet.getenv "standalone" then
		skynet.register("SERVICE")
	else
		serve_globals_remotely()
	end
end)
