-- args_many: services started with many and odd arguments, as a pool manager starts its workers: sixty
-- arguments, floats that need 17 digits, integral floats, -0.0, huge and tiny numbers, strings with
-- tabs and a newline (the launch stops there), empty strings; what the new service's `...` holds (count, types, text), by
-- newservice, uniqueservice and skynet.launch.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local log = skynet.error

-- digits as letters, so the masks (which hide numbers of two digits or more) leave them
local function L(v) return (tostring(v):gsub("%d", function(d) return string.char(97 + tonumber(d)) end)) end

if (...) == "worker" then
	local args = table.pack(...)
	local out = {}
	for i = 2, args.n do out[#out + 1] = type(args[i]) .. ":" .. L(args[i]):gsub("[\t\n]", "~") end
	skynet.start(function()
		skynet.dispatch("lua", function() skynet.retpack(L(args.n - 1), table.concat(out, " ")) end)
		-- launched directly (skynet.launch), it says when it is ready
		local main = skynet.getenv("args_many_main")
		if main then skynet.send(tonumber(main), "lua", "ready") end
	end)
	return
end

skynet.start(function()
	local function start(what, ...)
		local ok, addr = pcall(skynet.newservice, SERVICE_NAME, "worker", ...)
		if not ok then log(what, "fails", addr) return end
		log(what, skynet.call(addr, "lua"))
		skynet.kill(addr)
	end
	local sixty = {}
	for i = 1, 60 do sixty[i] = i end
	start("sixty", table.unpack(sixty))
	start("floats", 0.1 + 0.2, 1 / 3, 2 ^ 63, 2 ^ 53, 1e100, 5e-324, 100.0, -0.0, 1e15, 1e16, 123456789012.5)
	start("integers", math.maxinteger, math.mininteger, 0, -1)
	start("specials", 1 / 0, -1 / 0)
	start("strings", "a\tb", "", "  spaced  ", "x")
	start("newline", "c\nd", "after")
	start("only empties", "", "")
	local u = skynet.uniqueservice(SERVICE_NAME, "worker", 0.1 + 0.2, 2 ^ 63)
	log("unique", skynet.call(u, "lua"))
	-- launched directly, it is not started yet when launch returns: it tells us
	local ready = {}
	skynet.dispatch("lua", function() skynet.wakeup(ready) end)
	skynet.setenv("args_many_main", skynet.self())
	local l = skynet.launch("snlua", SERVICE_NAME, "worker", 0.1 + 0.2, "two  spaces")
	skynet.wait(ready)
	log("launch", skynet.call(l, "lua"))
	skynet.kill(l)
	skynet.sleep(10)
	skynet.abort()
end)
