-- hub.lua: a websocket hub: echoes a text, relays "all ..." to every connection, closes on "bye".
local skynet = require "skynet"
local websocket = require "http.websocket"

local members = {} -- ids in connect order
local names = {}
local handle = {}

function handle.handshake(id, header, url)
	names[id] = url:match "name=(%w+)" or "?"
	members[#members + 1] = id
	skynet.error("hub: " .. names[id] .. " joined at " .. url)
end

function handle.message(id, msg, kind)
	local rest = msg:match "^all (.*)$"
	if rest then
		for _, other in ipairs(members) do
			websocket.write(other, names[id] .. " says " .. rest)
		end
	elseif msg == "bye" then
		websocket.close(id, 1000, "see you")
	else
		websocket.write(id, "echo " .. kind .. " " .. msg, kind)
	end
end

function handle.close(id, code, reason)
	skynet.error("hub: " .. names[id] .. " closed", code, reason)
	for i, other in ipairs(members) do
		if other == id then
			table.remove(members, i)
			break
		end
	end
end

function handle.error(id)
	skynet.error("hub: " .. tostring(names[id]) .. " error")
end

skynet.start(function()
	skynet.dispatch("lua", function(session, source, cmd, fd, addr)
		local ok, err = websocket.accept(fd, handle, "ws", addr)
		if not ok then
			skynet.error("hub: accept failed: " .. tostring(err))
		end
	end)
end)
