-- errors_chain: how errors travel along a chain of calls, and skynet.error's formatting.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"

local mode = ...

if mode == "leaf" then
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, cmd, ...)
			if cmd == "boom" then
				error("leaf says boom")
			elseif cmd == "assert" then
				assert(false, "leaf assert")
			elseif cmd == "exit" then
				skynet.exit()
			elseif cmd == "echo" then
				skynet.ret(skynet.pack(...))
			elseif cmd == "noreply" then
				return
			end
		end)
	end)
elseif mode == "middle" then
	skynet.start(function()
		local leaf = skynet.newservice(SERVICE_NAME, "leaf")
		skynet.dispatch("lua", function(_, _, cmd, ...)
			local ok, err = pcall(skynet.call, leaf, "lua", cmd, ...)
			if not ok then
				skynet.sleep(1) -- the leaf logs its error after it answered: keep one order
			end
			skynet.error("middle got", ok, err)
			if not ok then
				error("middle passes on: " .. tostring(err))
			end
			skynet.ret(skynet.pack(err))
		end)
	end)
else
	skynet.start(function()
		-- print writes at once, skynet.error through the logger service: on
		-- skynet their lines interleave by chance, so print comes alone, once
		-- the LAUNCH line is out, and the rest logs only
		skynet.sleep(10)
		print("print", nil, 1, "x", false, 0.1 + 0.2, 1/3, 2^63, 100.0, -0.0)
		print("tostring", tostring(0.1), tostring(1e15), tostring(123456789012.5))
		skynet.sleep(10)
		skynet.error("many", 1, nil, 2.5, true, nil)
		skynet.error()
		skynet.error(nil)
		skynet.error("%d %s", 3)
		skynet.error({} ~= nil, 1e100, -0.0, 2^53, math.maxinteger, 1/0, 0/0 ~= 0/0)
		-- The callee logs its error after it answered, on another worker: wait a
		-- tick before logging the answer, so the two lines keep one order.
		local function logged_later(what, ...)
			local r = table.pack(...)
			skynet.sleep(1)
			skynet.error(what, table.unpack(r, 1, r.n))
		end
		local middle = skynet.newservice(SERVICE_NAME, "middle")
		skynet.error("echo", skynet.call(middle, "lua", "echo", "hi", 2))
		logged_later("boom", pcall(skynet.call, middle, "lua", "boom"))
		logged_later("assert", pcall(skynet.call, middle, "lua", "assert"))
		skynet.error("local assert", pcall(assert, false, "here"))
		skynet.error("local assert no msg", pcall(assert, nil))
		skynet.error("local assert table", select("#", pcall(assert, false, {})))
		skynet.error("local error level 2", pcall(function() error("two", 2) end))
		skynet.error("local error table", type(select(2, pcall(error, {}))))
		skynet.error("tostring traceback", (debug.traceback("msg", 1):gsub("\n.*", "")))
		logged_later("exit", pcall(skynet.call, middle, "lua", "exit"))
		logged_later("after exit", pcall(skynet.call, middle, "lua", "echo", "again"))
		skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
		skynet.abort()
	end)
end
