-- cdummy: the harbor slave of a single node (harbor = 0): keeps the global names and answers who waits for them.
local skynet = require "skynet"
require "skynet.manager"

local c = skynet._core
local globalname = {} -- name -> address
local waiting = {}    -- name -> responses of QUERYNAME callers waiting for it
local held = {}       -- name -> messages sent to it before it was registered
local command = {}

-- Pass a held message on as if its sender had sent it now.
local function deliver(address, m)
	c.redirect(address, m.source, m.ptype, m.session, m.msg)
end

function command.REGISTER(name, handle)
	assert(globalname[name] == nil) -- a bare "assertion failed!", as skynet's cdummy
	globalname[name] = handle
	if #name == 0 or #name >= 16 then
		-- skynet's C harbor refuses it (GLOBALNAME_LENGTH 16) with this
		-- line; cdummy has kept it, so queryname still finds it
		skynet.error("Invalid global name " .. name)
	else
		skynet._core.command("GLOBALNAME", name .. " " .. skynet.address(handle))
	end
	local list = waiting[name]
	waiting[name] = nil
	for _, resp in ipairs(list or {}) do
		resp(true, handle)
	end
	local messages = held[name]
	held[name] = nil
	for _, m in ipairs(messages or {}) do
		deliver(handle, m)
	end
end

-- A service sent to a global name nobody had registered (skynet.send/call
-- do this for it): keep the message until the name is registered.
function command.HOLD(source, name, ptype, session, msg)
	local address = globalname[name]
	local m = { source = source, ptype = ptype, session = session, msg = msg }
	if address then
		return deliver(address, m)
	end
	local list = held[name] or {}
	held[name] = list
	list[#list + 1] = m
end

function command.QUERYNAME(name)
	if name:sub(1, 1) == "." then
		return skynet.ret(skynet.pack(skynet.localname(name)))
	end
	local addr = globalname[name]
	if addr then
		return skynet.ret(skynet.pack(addr))
	end
	local list = waiting[name] or {}
	waiting[name] = list
	list[#list + 1] = skynet.response()
end

function command.LINK(id)
	skynet.ret()
end

-- There is no other harbor to wait for: say so, and leave the caller waiting.
function command.CONNECT(id)
	skynet.error("Can't connect to other harbor in single node mode")
end

skynet.start(function()
	skynet.daemon() -- it serves others: the node may end while it still runs
	local harbor_id = tonumber(skynet.getenv "harbor" or 0)
	assert(harbor_id == 0, "cdummy serves a single node (harbor = 0), not harbor " .. tostring(harbor_id))
	skynet.dispatch("lua", function(session, source, cmd, ...)
		local f = assert(command[cmd]) -- skynet's words: "assertion failed!" (LINKMASTER, ...)
		if cmd == "HOLD" then
			return f(source, ...)
		end
		f(...)
	end)
	-- As skynet's cdummy: the C harbor service, so the boot's addresses match.
	skynet.launch("harbor", harbor_id, skynet.self())
end)
