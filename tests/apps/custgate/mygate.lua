-- mygate.lua: a gate of its own on snax.gateserver: answers each packet reversed, counts, closes on "quit".
local skynet = require "skynet"
local gateserver = require "snax.gateserver"
local netpack = require "skynet.netpack"
local socketdriver = require "skynet.socketdriver"
require "skynet.manager" -- skynet.abort

local clients = {} -- fd -> packets seen
local handler = {}

function handler.open(source, conf)
	skynet.error("mygate open, maxclient " .. conf.maxclient)
end

function handler.connect(fd, addr)
	clients[fd] = 0
	gateserver.openclient(fd)
	skynet.error("mygate connect", addr ~= nil)
end

function handler.message(fd, msg, sz)
	local text = netpack.tostring(msg, sz)
	clients[fd] = clients[fd] + 1
	if text == "quit" then
		socketdriver.send(fd, netpack.pack("bye after " .. clients[fd]))
		gateserver.closeclient(fd)
	elseif text == "shutdown" then
		skynet.abort()
	elseif text == "raise" then
		error("mygate cannot handle " .. text)
	else
		socketdriver.send(fd, netpack.pack(text:reverse()))
	end
end

function handler.disconnect(fd)
	skynet.error("mygate disconnect after " .. tostring(clients[fd]) .. " packets")
	clients[fd] = nil
end

function handler.error(fd, msg)
	skynet.error("mygate error", msg)
end

function handler.command(cmd, source, ...)
	skynet.error("mygate command", cmd)
end

gateserver.start(handler)
