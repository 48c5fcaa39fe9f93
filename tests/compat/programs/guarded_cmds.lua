-- guarded_cmds: the dispatch wrapper game frameworks put around their CMD tables: xpcall with
-- debug.traceback, the traceback logged with skynet.error and the caller answered with
-- skynet.response()(false) or a packed (false, message); an unknown command logged and answered nil; a
-- command returning several values and nil holes; a command that yields inside the xpcall (a call and
-- a sleep) before raising; what the callers get and the lines logged.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local log = skynet.error

-- only the program's own frames and C frames (skynet's frames differ, and the masks drop them)
local function frames(tb)
	local out = {}
	for line in tostring(tb):gmatch("[^\n]+") do
		if not line:find("skynet") and not line:find("^stack traceback") then out[#out + 1] = line:gsub("^\t", "") end
	end
	return table.concat(out, " / ")
end

if ... == "svc" then
	local CMD = {}
	function CMD.add(a, b) return a + b end
	function CMD.many() return 1, nil, "three", nil end
	function CMD.nothing() end
	function CMD.bad_arith(a) return a + 1 end
	function CMD.raise_table() error({ reason = "full" }) end
	function CMD.slow_fail(peer)
		local answer = skynet.call(peer, "lua", "ping")
		skynet.sleep(1)
		error("failed after " .. answer)
	end
	function CMD.ping() return "pong" end
	local style = "response"
	function CMD.style(s) style = s return s end
	skynet.start(function()
		skynet.dispatch("lua", function(session, source, cmd, ...)
			local f = CMD[cmd]
			if not f then
				log("unknown command", cmd)
				skynet.ret(skynet.pack(nil))
				return
			end
			local r = table.pack(xpcall(f, debug.traceback, ...))
			if r[1] then
				skynet.ret(skynet.pack(table.unpack(r, 2, r.n)))
			else
				log("command failed", cmd, frames(r[2]))
				if style == "response" then
					skynet.response()(false)
				else
					skynet.retpack(false, type(r[2]) == "string" and r[2]:match("^[^\n]*") or type(r[2]))
				end
			end
		end)
	end)
	return
end

skynet.start(function()
	local svc = skynet.newservice(SERVICE_NAME, "svc")
	local function try(...)
		local r = table.pack(pcall(skynet.call, svc, "lua", ...))
		for i = 1, r.n do r[i] = tostring(r[i]) end
		log((...), r.n, table.concat(r, " | ", 1, r.n))
	end
	try("add", 1, 2)
	try("many")
	try("nothing")
	try("nosuch", 1)
	try("bad_arith", nil)
	try("raise_table")
	try("slow_fail", svc)
	try("style", "packed")
	try("bad_arith", "x")
	try("raise_table")
	try("slow_fail", svc)
	skynet.sleep(10)
	skynet.abort()
end)
