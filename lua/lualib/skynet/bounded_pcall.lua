-- skynet.bounded_pcall: pcall of code from outside (a config file, a console line) with a bound on the VM steps it may run.
--
-- bounded_pcall(max_steps, what, f, ...) -> pcall(f, ...)'s results; past
-- max_steps VM instructions f raises "WHAT runs too long (more than N steps:
-- a loop?)", so a `while true do end` ends instead of holding its service
-- (and a worker) for good. The hook is the running coroutine's, taken off
-- after. 1,000,000 steps take about 10 ms.
local HOOK_EVERY = 10000

return function(max_steps, what, f, ...)
	local steps = 0
	local every = math.min(HOOK_EVERY, max_steps)
	debug.sethook(function()
		steps = steps + every
		if steps > max_steps then
			error(string.format("%s runs too long (more than %d steps: a loop?)", what, max_steps), 0)
		end
	end, "", every)
	local results = table.pack(pcall(f, ...))
	debug.sethook()
	return table.unpack(results, 1, results.n)
end
