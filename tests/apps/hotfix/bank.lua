-- bank.lua: the bank, a snax service whose functions snax.hotfix replaces while it keeps its state.
local skynet = require "skynet"

local bankname
local balance = {}
local fee = 1

function response.deposit(name, n)
	balance[name] = (balance[name] or 0) + n - fee
	return balance[name]
end

function accept.audit(who)
	local names = {}
	for k, v in pairs(balance) do
		names[#names + 1] = k .. "=" .. v
	end
	table.sort(names)
	skynet.error(string.format("bank %s audit by %s: fee %d, %s", bankname, who, fee, table.concat(names, " ")))
end

function init(name)
	bankname = name
end

function exit(why)
	skynet.error(string.format("bank %s closes: %s", bankname, tostring(why)))
end
