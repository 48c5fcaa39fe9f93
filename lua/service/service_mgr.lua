-- service_mgr: one instance per name for uniqueservice, and queryservice's lookups (named ".service").
local skynet = require "skynet"
require "skynet.manager"

local service = {}  -- name -> address, the text of its failure, or (while it starts) its waiters
local command = {}

-- Who asked, for LIST: the request's session and source, and its task.
local function asker()
	local session, source = skynet.context()
	return { co = coroutine.running(), session = session, source = source }
end

-- Launch `name` now; wake whoever waits for it. A failure is remembered
-- (its text), as skynet's: later callers get the same error at once.
local function launch_now(name, s, launch, ...)
	s.launch = asker() -- marks it as starting: a second uniqueservice waits (its start may sleep)
	local ok, addr = pcall(launch, ...)
	service[name] = ok and addr or tostring(addr)
	for _, w in ipairs(s) do
		skynet.wakeup(w.co)
	end
	if not ok then
		error(addr)
	end
	return addr
end

local function waitfor(name, launch, ...)
	local s = service[name]
	if type(s) == "number" then
		return s
	end
	if type(s) == "string" then
		error(s) -- it failed to start before
	end
	if s == nil then
		-- a table of waiters; queryservice's before anyone starts it
		s = {}
		service[name] = s
	end
	if launch ~= nil and s.launch == nil then
		return launch_now(name, s, launch, ...)
	end
	s[#s + 1] = asker()
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

-- subname, as skynet's local: snaxd without a name fails naming it ("local 'subname'")
function command.LAUNCH(name, subname, ...)
	local realname = real_name(name)
	if realname == "snaxd" then
		return waitfor(name .. "." .. subname, require("skynet.snax").rawnewservice, subname, ...)
	end
	return waitfor(name, skynet.newservice, realname, subname, ...)
end

function command.QUERY(name, subname)
	if real_name(name) == "snaxd" then
		return waitfor(name .. "." .. subname)
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

-- A service still starting, as skynet's LIST shows it: the service being
-- initialised and its init task, who launched it and that request's task,
-- and who waits for it (the launcher and each caller asked by debug TASK).
local function starting(s)
	local lines = {}
	local l = s.launch
	if l then
		local session = skynet.task(l.co)
		local addr = skynet.call(".launcher", "lua", "QUERY", session)
		if addr then
			lines[#lines + 1] = "Init as " .. skynet.address(addr)
			lines[#lines + 1] = skynet.call(addr, "debug", "TASK", "init")
			lines[#lines + 1] = "Launching from " .. skynet.address(l.source)
			lines[#lines + 1] = skynet.call(l.source, "debug", "TASK", l.session)
		end
	end
	if #s > 0 then
		lines[#lines + 1] = "Querying:"
		for _, w in ipairs(s) do
			lines[#lines + 1] = skynet.address(w.source) .. " " .. tostring(skynet.call(w.source, "debug", "TASK", w.session))
		end
	end
	return table.concat(lines, "\n")
end

-- As skynet's: addresses, the failures as "Error: why", the services starting.
function command.LIST()
	local list = {}
	for name, s in pairs(service) do
		if type(s) == "number" then
			list[name] = skynet.address(s)
		elseif type(s) == "string" then
			list[name] = "Error: " .. s
		else
			list[name] = starting(s)
		end
	end
	return list
end

-- skynet's refusal of a command that is not a string or number fails in its
-- concatenation ("attempt to concatenate a nil value (local 'command')", at
-- service_mgr.lua): compiled from source here, as our bytecode has no local names.
local function invalid(cmd)
	if type(cmd) == "string" or type(cmd) == "number" then
		return "Invalid command " .. cmd
	end
	local text = load("local command = ...\nreturn \"Invalid command \" .. command",
		debug.getinfo(1, "S").source)(cmd)
	return text -- not a tail call: skynet's traceback has no "(...tail calls...)"
end

skynet.start(function()
	skynet.daemon()
	skynet.dispatch("lua", function(session, address, cmd, ...)
		-- as skynet's: a failure is answered (nil, why), not raised, so the
		-- caller's assert shows the whole chain of positions
		local f = command[cmd]
		if f == nil then
			skynet.ret(skynet.pack(nil, invalid(cmd)))
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
