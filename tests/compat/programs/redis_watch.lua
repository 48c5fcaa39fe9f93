-- redis_watch: skynet.db.redis's watch mode against a RESP server of the program's own: subscribe to two
-- channels in one call, psubscribe, messages and pattern messages mixed with the confirmations, unsubscribe
-- and punsubscribe (their confirmations read by message), the server hanging up (message raises, the next
-- one reconnects and subscribes again to what was confirmed), disconnect and a call after it.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"

local function bulk(s) return "$" .. #s .. "\r\n" .. s .. "\r\n" end
local function array(...)
	local t = { ... }
	local out = { "*" .. #t .. "\r\n" }
	for _, v in ipairs(t) do
		out[#out + 1] = type(v) == "number" and (":" .. v .. "\r\n") or bulk(v)
	end
	return table.concat(out)
end

local conns = 0
local function serve(id)
	socket.start(id)
	conns = conns + 1
	local me = conns
	while true do
		local head = socket.readline(id, "\r\n")
		if not head then break end
		local args = {}
		for i = 1, tonumber(head:sub(2)) do
			local len = tonumber(socket.readline(id, "\r\n"):sub(2))
			args[i] = socket.read(id, len + 2):sub(1, -3)
		end
		skynet.error("server " .. me .. " got", table.concat(args, " "))
		local cmd, name = args[1], args[2]
		if cmd == "SUBSCRIBE" then
			socket.write(id, array("subscribe", name, 1))
			if name == "news" or name == "last" then
				socket.write(id, array("message", name, "extra!"))
			end
		elseif cmd == "PSUBSCRIBE" then
			socket.write(id, array("psubscribe", name, 2) .. array("pmessage", name, "game.1", "started"))
		elseif cmd == "UNSUBSCRIBE" then
			socket.write(id, array("unsubscribe", name, 1) .. array("message", "chat", "still here"))
		elseif cmd == "PUNSUBSCRIBE" then
			socket.write(id, array("punsubscribe", name, 0) .. array("message", "chat", "after punsub"))
		elseif cmd == "HANGUP" then
			socket.close(id)
			break
		end
	end
end

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	for i = 2, r.n do r[i] = tostring(r[i]) end
	skynet.error(what, table.unpack(r, 1, r.n))
end

skynet.start(function()
	local listener, _, port = socket.listen("127.0.0.1", 0)
	socket.start(listener, function(id) skynet.fork(serve, id) end)
	local redis = require "skynet.db.redis"
	local w = redis.watch { host = "127.0.0.1", port = port }
	w:psubscribe("game.*")
	try("pmessage", w.message, w)
	w:subscribe("news", "chat")
	try("message", w.message, w)
	try("subscribed", function()
		local names = {}
		for k in pairs(w.__subscribe) do names[#names + 1] = k end
		table.sort(names)
		return table.concat(names, ","), next(w.__psubscribe)
	end)
	w:unsubscribe("news")
	try("message after unsubscribe", w.message, w)
	-- only news and chat are confirmed as subscribed channels and game.* as a pattern; news is gone now
	w:punsubscribe("game.*")
	try("message after punsubscribe", w.message, w)
	try("hangup", function() w.__sock:request("*1\r\n$6\r\nHANGUP\r\n") return w:message() end)
	try("after hangup", function()
		w.__sock:request("*2\r\n$9\r\nSUBSCRIBE\r\n$4\r\nlast\r\n")
		return w:message()
	end)
	w:disconnect()
	try("message after disconnect", function() return w:message() end)
	try("subscribe after disconnect", function() return w:subscribe("x") end)
	socket.close(listener)
	skynet.sleep(10)
	skynet.abort()
end)
