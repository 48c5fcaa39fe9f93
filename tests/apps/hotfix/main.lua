-- main.lua: a live game's front: players keep their connections while an admin fixes the shop (debug_console
-- inject) and the bank (snax.hotfix) under them.
local skynet = require "skynet"
local socket = require "skynet.socket"
local snax = require "skynet.snax"
require "skynet.manager" -- skynet.abort

local shop, bank

-- the bank's patches, as an admin tool would send them
local patches = {
	-- deposits now pay double; the fee, a local of bank.lua, is shared with the patch by name
	double = [[
local balance
local fee
function response.deposit(name, n)
	balance[name] = (balance[name] or 0) + 2 * n - fee
	return balance[name]
end
function hotfix(newfee)
	local old = fee
	fee = tonumber(newfee)
	return old
end
]],
	-- a function the bank does not have
	mismatch = "function response.withdraw(name, n) return 0 end",
	broken = "function response.deposit(",
	-- the audit also counts its runs, in a local the patch adds (nil in the old code: a new upvalue)
	audit = [[
local skynet
local balance
local bankname
local fee
local runs
function accept.audit(who)
	runs = (runs or 0) + 1
	local n = 0
	for _ in pairs(balance) do
		n = n + 1
	end
	skynet.error(string.format("bank %s audit %d by %s: %d accounts, fee %d", bankname, runs, who, n, fee))
end
]],
}

local function serve(fd)
	socket.start(fd)
	while true do
		local line = socket.readline(fd)
		if not line then
			return
		end
		local cmd, a, b = line:match "^(%S+)%s*(%S*)%s*(%S*)$"
		local r
		if cmd == "price" then
			r = tostring(skynet.call(shop, "lua", "price", a))
		elseif cmd == "buy" then
			r = tostring(skynet.call(shop, "lua", "buy", a))
		elseif cmd == "deposit" then
			local ok, v = pcall(bank.req.deposit, a, tonumber(b))
			r = ok and tostring(v) or "deposit failed"
		elseif cmd == "fix" then
			local ok, old = pcall(snax.hotfix, bank, patches[a], b)
			-- an error's first line, without the places it passed through
			local text = tostring(old):match("^[^\n]*"):gsub("^.*:%d+: ", "")
			r = "hotfix " .. a .. " " .. tostring(ok) .. " " .. text
		elseif cmd == "close" then
			-- the bank's exit() runs with the reason, then calls to it fail
			snax.kill(bank, a)
			r = "bank closed"
		elseif cmd == "audit" then
			bank.post.audit(a)
			r = "audited"
		elseif cmd == "shutdown" then
			skynet.abort()
			return
		else
			r = "unknown " .. tostring(cmd)
		end
		socket.write(fd, r .. "\n")
	end
end

skynet.start(function()
	shop = skynet.newservice("shop")
	skynet.name(".shop", shop)
	bank = snax.newservice("bank", "first")
	skynet.newservice("debug_console", "127.0.0.1", tonumber(skynet.getenv "app_port2"))
	local id = socket.listen("127.0.0.1", tonumber(skynet.getenv "app_port"))
	socket.start(id, function(fd)
		skynet.fork(serve, fd)
	end)
	skynet.error("ready")
end)
