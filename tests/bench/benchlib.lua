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

-- CPU time of the whole process so far (user + system, all threads), in
-- seconds, from /proc (clock ticks of 1/100 s). On a shared machine the wall
-- clock measures how much of the cores we were given; CPU time per message
-- measures what the runtime itself spends (spinning workers included).
function benchlib.cpu_s()
	local f = io.open("/proc/self/stat")
	if not f then return 0 end
	local text = f:read("a")
	f:close()
	-- fields after the ")" that ends the command name: state is the 3rd
	-- field of the line, utime and stime the 14th and 15th
	local rest = text:match("%) (.*)")
	local fields = {}
	for v in rest:gmatch("%S+") do fields[#fields + 1] = v end
	return (tonumber(fields[12]) + tonumber(fields[13])) / 100
end

-- Begin a measurement: returns a mark to hand to report.
function benchlib.start()
	return { ns = skynet.hpc(), cpu = benchlib.cpu_s() }
end

-- report(name, count, mark): the rate since mark (benchlib.start), wall and
-- CPU; report(name, count, ns): wall only.
function benchlib.report(name, count, mark)
	local ns, cpu = mark, "-"
	if type(mark) == "table" then
		ns = skynet.hpc() - mark.ns
		cpu = string.format("%.3f", (benchlib.cpu_s() - mark.cpu) * 1e6 / count)
	end
	local rate = count / (ns / 1e9)
	print(string.format("BENCH %-28s threads=%s trace=%-5s n=%d  %10.0f msgs/s  %7.3f us/op  cpu=%s us/op  peak=%d kB",
		name, skynet.getenv("thread"), (skynet.getenv("trace") or "") ~= "" and "on" or "off",
		count, rate, ns / count / 1000, cpu, benchlib.peak_kb()))
end

return benchlib
