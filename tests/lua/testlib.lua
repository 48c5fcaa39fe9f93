-- testlib: runs a Lua service test's cases and turns the result into the process's exit status.
local skynet = require "skynet"
require "skynet.manager"

local testlib = {}

-- Run each case in order; any failure is logged with its traceback and makes
-- the runtime exit with status 1. All passing exits with 0.
function testlib.run(name, cases)
	skynet.start(function()
		local failed = 0
		for _, case in ipairs(cases) do
			local ok, err = xpcall(case[2], debug.traceback)
			if ok then
				skynet.error(string.format("ok   %s: %s", name, case[1]))
			else
				failed = failed + 1
				skynet.error(string.format("FAIL %s: %s\n%s", name, case[1], err))
			end
		end
		skynet.error(string.format("%s: %d of %d cases passed", name, #cases - failed, #cases))
		skynet.abort(failed == 0 and 0 or 1)
	end)
end

function testlib.eq(got, want, what)
	if got ~= want then
		error(string.format("%s: got %s, want %s", what or "value", tostring(got), tostring(want)), 2)
	end
end

-- Assert that f raises, and that the message contains `pattern` (plain text).
function testlib.raises(f, pattern, what)
	local ok, err = pcall(f)
	if ok then
		error((what or "call") .. " did not raise", 2)
	end
	if pattern and not tostring(err):find(pattern, 1, true) then
		error(string.format("%s raised %q, which does not mention %q", what or "call", tostring(err), pattern), 2)
	end
	return err
end

-- A 127.0.0.1 port the kernel just handed out and released, for a server a test
-- starts: free unless something races us to it.
function testlib.free_port()
	local socket = require "skynet.socket"
	local id, _, p = socket.listen("127.0.0.1", 0)
	socket.close(id)
	return p
end

return testlib
