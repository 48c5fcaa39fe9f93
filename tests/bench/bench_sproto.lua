-- bench_sproto: sproto encode + decode of a 10-field message, and the same with
-- zero-packing (pencode + pdecode), per second.
local skynet = require "skynet"
require "skynet.manager"
local sproto = require "sproto"
local benchlib = require "benchlib"

local sp = sproto.parse [[
.Item { id 0 : integer  count 1 : integer }
.Player {
	id 0 : integer
	name 1 : string
	level 2 : integer
	exp 3 : integer
	gold 4 : integer
	online 5 : boolean
	x 6 : double
	y 7 : double
	guild 8 : string
	items 9 : *Item
}
]]

local player = {
	id = 1000001, name = "skyglass", level = 42, exp = 123456789, gold = -5,
	online = true, x = 12.5, y = -3.25, guild = "readers",
	items = { { id = 1, count = 3 }, { id = 2, count = 99999 } },
}

-- Timed in CPU seconds (os.clock) as well as wall time: on a shared machine the
-- wall time counts the waits for a core too.
local function measure(name, n, f)
	local t0, c0 = skynet.hpc(), os.clock()
	for _ = 1, n do f() end
	benchlib.report(name, n, skynet.hpc() - t0)
	benchlib.report(name .. " (cpu)", n, (os.clock() - c0) * 1e9)
end

skynet.start(function()
	local n = 100000
	measure("sproto encode+decode", n, function() sp:decode("Player", sp:encode("Player", player)) end)
	measure("sproto pencode+pdecode", n, function() sp:pdecode("Player", sp:pencode("Player", player)) end)
	print(string.format("BENCH sproto message: %d bytes, %d packed", #sp:encode("Player", player), #sp:pencode("Player", player)))
	skynet.abort(0)
end)
