-- shop.lua: the shop, a plain lua service with a CMD table: what debug_console's inject reaches as _P.lua.CMD.
local skynet = require "skynet"

local prices = { sword = 100, bow = 80 }
local sold = 0

local CMD = {}

function CMD.price(item)
	return prices[item]
end

function CMD.buy(item)
	local p = assert(prices[item], "no such item")
	sold = sold + 1
	return string.format("%s for %d (%d sold)", item, p, sold)
end

skynet.start(function()
	-- what the console's "info" shows of the shop
	skynet.info_func(function()
		return { sold = sold, items = { sword = prices.sword, bow = prices.bow } }
	end)
	skynet.dispatch("lua", function(_, _, cmd, ...)
		local f = CMD[cmd]
		skynet.ret(skynet.pack(f(...)))
	end)
end)
