-- chain_three: a front, a middle and a back service calling down a chain as a game's gateway, logic and
-- data services do: the back raising (a string, error level 0, a table), the middle letting it through,
-- catching it with pcall and answering the text, or calling inside a skynet.queue section; the middle
-- exiting while it waits on the back (what the front gets, where the back's late answer goes), the back
-- exiting inside its handler. The error text each level sees and the lines each logs.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local queue = require "skynet.queue"
local log = skynet.error

local role, arg = ...

if role == "back" then
	local CMD = {}
	function CMD.get(k) return "value of " .. k end
	function CMD.raise(kind)
		if kind == "string" then error("no such item") end
		if kind == "level0" then error("bare text", 0) end
		if kind == "table" then error({ code = 7 }) end
		if kind == "assert" then assert(false, "item missing") end
		local t = nil
		return t.field
	end
	function CMD.slow(n)
		skynet.sleep(n)
		log("back slow done", n)
		return "slow " .. n
	end
	function CMD.leave()
		log("back leaves")
		skynet.exit()
	end
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, cmd, ...)
			skynet.retpack(CMD[cmd](...))
		end)
	end)
elseif role == "mid" then
	local back = tonumber(arg)
	local cs = queue()
	local CMD = {}
	function CMD.pass(...) return skynet.call(back, "lua", ...) end
	function CMD.catch(...)
		local ok, err = pcall(skynet.call, back, "lua", ...)
		return ok, err
	end
	function CMD.locked(...)
		local args = table.pack(...)
		return cs(function() return skynet.call(back, "lua", table.unpack(args, 1, args.n)) end)
	end
	function CMD.quit_later()
		skynet.fork(function()
			skynet.sleep(2)
			log("mid exits")
			skynet.exit()
		end)
		return "quitting"
	end
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, cmd, ...)
			skynet.retpack(CMD[cmd](...))
		end)
	end)
else
	skynet.start(function()
		local back = skynet.newservice(SERVICE_NAME, "back")
		local mid = skynet.newservice(SERVICE_NAME, "mid", back)
		local function try(what, ...)
			local r = table.pack(pcall(skynet.call, mid, "lua", ...))
			for i = 1, r.n do r[i] = tostring(r[i]) end
			log(what, table.concat(r, " | ", 1, r.n))
			skynet.sleep(1)
		end
		try("pass get", "pass", "get", "sword")
		try("pass string", "pass", "raise", "string")
		try("pass level0", "pass", "raise", "level0")
		try("pass table", "pass", "raise", "table")
		try("catch string", "catch", "raise", "string")
		try("catch assert", "catch", "raise", "assert")
		try("catch index", "catch", "raise", "index")
		try("locked raise", "locked", "raise", "string")
		try("locked again", "locked", "get", "shield")
		-- two sections at once: the second waits for the first's call to come back
		skynet.fork(try, "locked slow", "locked", "slow", 5)
		try("locked behind", "locked", "get", "bow")
		skynet.sleep(10)
		-- the middle exits while it waits on the back
		log("quit", skynet.call(mid, "lua", "quit_later"))
		try("pass while quitting", "pass", "slow", 5)
		skynet.sleep(10)
		try("pass after exit", "pass", "get", "x")
		-- the back exits inside its handler
		local mid2 = skynet.newservice(SERVICE_NAME, "mid", back)
		local r = table.pack(pcall(skynet.call, mid2, "lua", "catch", "leave"))
		log("back left", table.unpack(r, 1, r.n))
		skynet.sleep(10)
		skynet.abort()
	end)
end
