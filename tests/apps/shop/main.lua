-- main.lua: a shop: prices in sharedata, the shop's state in datacenter, a tax service made with skynet.service.
local skynet = require "skynet"
local socket = require "skynet.socket"
local sharedata = require "skynet.sharedata"
local datacenter = require "skynet.datacenter"
local service = require "skynet.service"
require "skynet.manager" -- skynet.abort

-- the tax service's code travels as its function's source (skynet.service)
local function tax_service(rate)
	local skynet = require "skynet"
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, price)
			skynet.ret(skynet.pack(price + price * rate // 100))
		end)
	end)
end

skynet.start(function()
	sharedata.new("prices", { sword = 100, shield = 60, potion = { small = 5, big = 12 } })
	local tax = service.new("tax", tax_service, 20)
	local shop = skynet.newservice("shop", tax)
	local id = socket.listen("127.0.0.1", tonumber(skynet.getenv "app_port"))
	socket.start(id, function(fd)
		skynet.fork(function()
			socket.start(fd)
			while true do
				local line = socket.readline(fd)
				if not line or line == "shutdown" then
					skynet.abort()
					return
				end
				local cmd, arg = line:match "^(%S+)%s*(.*)$"
				if cmd == "open" then
					datacenter.set("shop", "open", arg)
					socket.write(fd, "opened " .. arg .. "\n")
				else
					local ok, r = pcall(skynet.call, shop, "lua", cmd, arg)
					socket.write(fd, line .. " -> " .. (ok and tostring(r) or "error") .. "\n")
				end
			end
		end)
	end)
	skynet.error("ready")
end)
