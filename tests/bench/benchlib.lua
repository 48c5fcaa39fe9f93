-- benchlib: timing and memory figures for the Lua benchmarks, printed in one format.
local skynet = require "skynet"

local benchlib = {}

-- Peak resident memory of the whole process, from /proc (kB).
function benchlib.peak_kb()
	local f = io.open("/proc/self/status")
	if not f then return 0 end
	local text = f:read("a")
	f:close()
	return tonumber(text:match("VmHWM:%s*(%d+)")) or 0
end

function benchlib.report(name, count, ns)
	local rate = count / (ns / 1e9)
	print(string.format("BENCH %-28s threads=%s trace=%-5s n=%d  %10.0f msgs/s  %7.3f us/op  peak=%d kB",
		name, skynet.getenv("thread"), (skynet.getenv("trace") or "") ~= "" and "on" or "off",
		count, rate, ns / count / 1000, benchlib.peak_kb()))
end

return benchlib
