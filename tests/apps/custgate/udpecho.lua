-- udpecho.lua: a UDP service: answers "n:<text>" with the count of datagrams from that sender.
local skynet = require "skynet"
local socket = require "skynet.socket"

local port = ...
local seen = {}

skynet.start(function()
	local id
	id = socket.udp(function(data, from)
		local addr = socket.udp_address(from)
		seen[addr] = (seen[addr] or 0) + 1
		if data == "bad" then
			error("udpecho refuses " .. data)
		end
		socket.sendto(id, from, seen[addr] .. ":" .. data)
	end, "127.0.0.1", tonumber(port))
end)
