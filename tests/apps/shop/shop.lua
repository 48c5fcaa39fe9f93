-- shop.lua: prices from sharedata plus tax, sales once datacenter says the shop is open.
local skynet = require "skynet"
local sharedata = require "skynet.sharedata"
local datacenter = require "skynet.datacenter"
local service = require "skynet.service"

local tax = tonumber(...)
local prices
local opened_by

local CMD = {}

function CMD.price(item)
	local small, big = item:match "^(%a+)%.(%a+)$"
	local base = small and prices[small][big] or prices[item]
	if base == nil then
		error("no item " .. item)
	end
	return skynet.call(tax, "lua", base)
end

function CMD.items()
	local names = {}
	for k in pairs(prices) do
		names[#names + 1] = k
	end
	table.sort(names)
	return table.concat(names, ",") .. " potion sizes " .. #prices.potion
end

function CMD.waitopen()
	return "opened by " .. tostring(opened_by)
end

function CMD.sametax()
	return service.query("tax") == tax
end

function CMD.write()
	prices.sword = 1
	return "wrote"
end

skynet.start(function()
	prices = sharedata.query("prices")
	skynet.fork(function()
		opened_by = datacenter.wait("shop", "open")
		skynet.error("shop: open, by " .. opened_by)
	end)
	skynet.dispatch("lua", function(_, _, cmd, arg)
		local f = CMD[cmd]
		if not f then
			error("no command " .. tostring(cmd))
		end
		skynet.ret(skynet.pack(f(arg)))
	end)
end)
