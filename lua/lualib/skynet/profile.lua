-- skynet.profile: CPU time of a piece of work in a coroutine (profile.start() ... profile.stop() -> seconds).
--
-- skynet's is a C module that also hooks coroutine resume/yield so that time
-- spent suspended is not counted. This one reads the dispatch's CPU time
-- (skynet.stat "time", wall time of the dispatch in skyglass, see
-- docs/benchmarks.md "profile's clock"): exact while the work stays in one dispatch; across a
-- suspension only the CPU of the dispatch that stops it is counted.
local skynet = require "skynet"

local profile = {}
local started = setmetatable({}, { __mode = "k" }) -- coroutine -> CPU time at start

function profile.start(co)
	co = co or coroutine.running()
	-- skynet's words, raised by its C module (so no position)
	if started[co] ~= nil then error(string.format("Thread %p start profile more than once", co), 0) end
	started[co] = skynet.stat "time"
end

function profile.stop(co)
	co = co or coroutine.running()
	local begin = started[co]
	if begin == nil then error("Call profile.start() before profile.stop()", 0) end
	started[co] = nil
	local now = skynet.stat "time"
	if now >= begin then
		return now - begin
	end
	return now -- a new dispatch since start: its own CPU time
end

profile.resume = coroutine.resume
profile.yield = coroutine.yield
profile.resume_co = coroutine.resume
profile.yield_co = coroutine.yield

return profile
