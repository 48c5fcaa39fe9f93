-- test_sharedata_memory: 100 readers of a 10 MiB sharedata table each add less than 10% of one copy.
local skynet = require "skynet"
local sharedata = require "skynet.sharedata"
local t = require "testlib"

local READERS, ROWS_READ = 100, 20

-- About 10 MiB as a Lua table: 10,000 rows of a 900-byte payload and a few fields.
local SOURCE = [[
local rows = ...
local t = {}
for i = 1, rows do
	t[i] = { id = i, name = "row" .. i, payload = string.rep(string.char(65 + i % 26), 890) .. string.format("%010d", i), tags = { i, i + 1 } }
end
return t
]]

local function rss_kb()
	local f = assert(io.open("/proc/self/status"))
	local text = f:read("a")
	f:close()
	return tonumber(text:match("VmRSS:%s*(%d+)"))
end

t.run("test_sharedata_memory", {
	{ "each of 100 readers adds less than 10% of a copy", function()
		sharedata.new("big", SOURCE, 10000)
		local rss_before = rss_kb()
		local readers = {}
		for i = 1, READERS do
			readers[i] = skynet.newservice("sd_reader")
		end
		local rss_idle = rss_kb()
		local heap_max, heap_sum = 0, 0
		for i = 1, READERS do
			local bytes, sum = skynet.call(readers[i], "lua", "mem", "big", ROWS_READ)
			assert(sum > 0, "the reader read the rows")
			heap_max = math.max(heap_max, bytes)
			heap_sum = heap_sum + bytes
		end
		local rss_after = rss_kb()

		-- What one copy of the table costs in a Lua state (what each reader
		-- would hold if it got the data by message, as with datacenter).
		collectgarbage()
		local before = collectgarbage("count")
		local copy = load(SOURCE)(10000)
		collectgarbage()
		local copy_bytes = (collectgarbage("count") - before) * 1024
		assert(#copy == 10000)
		copy = nil

		local per_reader_rss = (rss_after - rss_before) * 1024 / READERS
		local per_reader_query_rss = (rss_after - rss_idle) * 1024 / READERS
		skynet.error(string.format(
			"MEASURE one copy %.1f MiB; per reader: Lua heap +%.1f KiB max (%.1f KiB mean) for query + %d rows read; process RSS +%.1f KiB (of which the query and reads %.1f KiB, the rest an empty service)",
			copy_bytes / 1048576, heap_max / 1024, heap_sum / READERS / 1024, ROWS_READ,
			per_reader_rss / 1024, per_reader_query_rss / 1024))
		assert(copy_bytes > 9 * 1048576, "the table is about 10 MiB as a Lua copy: " .. copy_bytes)
		assert(heap_max < copy_bytes / 10, "a reader's heap grew by " .. heap_max .. " bytes")
		assert(per_reader_rss < copy_bytes / 10, "the process grew by " .. per_reader_rss .. " bytes per reader")
	end },
})
