-- compat_storm: runs f(1..n) in n forked tasks at once and returns each one's pcall results as a line (a module for compat programs).
local skynet = require "skynet"

-- Waits for all n tasks (skynet.wait, woken by the last), so the caller
-- prints the results in task order whatever order they finished in.
return function(n, f)
	local results, left, done = {}, n, {}
	for i = 1, n do
		skynet.fork(function()
			local r = table.pack(pcall(f, i))
			for j = 1, r.n do r[j] = tostring(r[j]) end
			results[i] = table.concat(r, " ", 1, r.n)
			left = left - 1
			if left == 0 then skynet.wakeup(done) end
		end)
	end
	if left > 0 then skynet.wait(done) end
	return results
end
