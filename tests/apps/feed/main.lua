-- main.lua: a news feed: each client reads posts through a generator (skynet.coroutine.wrap) that calls the
-- store between its yields, as paging code does; the generator's status, an error inside it, a closed one.
local skynet = require "skynet"
local socket = require "skynet.socket"
local co = require "skynet.coroutine"
require "skynet.manager" -- skynet.abort

local store

-- pages(size): a generator of posts, one at a time, fetching a page of `size` when it runs out
local function pages(size)
	return co.create(function()
		local from = 1
		while true do
			local page = skynet.call(store, "lua", "page", from, size)
			if #page == 0 then
				return "end"
			end
			for _, p in ipairs(page) do
				co.yield(p)
			end
			from = from + #page
		end
	end)
end

local function serve(fd)
	socket.start(fd)
	local gen
	while true do
		local line = socket.readline(fd)
		if not line or line == "shutdown" then
			skynet.abort()
			return
		end
		local cmd, arg = line:match "^(%S+)%s*(.*)$"
		local r
		if cmd == "open" then
			gen = pages(tonumber(arg))
			r = "opened, " .. co.status(gen)
		elseif cmd == "next" then
			local got = {}
			for _ = 1, tonumber(arg) do
				local ok, v = co.resume(gen)
				got[#got + 1] = ok and tostring(v) or ("error " .. tostring(v):gsub("^.*:%d+: ", ""))
				if not ok or co.status(gen) == "dead" then
					break
				end
			end
			r = table.concat(got, " ") .. " (" .. co.status(gen) .. ")"
		elseif cmd == "close" then
			local ok, err = co.close(gen)
			r = "closed " .. tostring(ok) .. " " .. tostring(err) .. " (" .. co.status(gen) .. ")"
		elseif cmd == "wrap" then
			-- the same through wrap: a plain function that raises what the generator raises
			local f = co.wrap(function()
				for _, p in ipairs(skynet.call(store, "lua", "page", 1, 2)) do
					co.yield(p)
				end
			end)
			local a, b = f(), f()
			r = "wrap " .. a .. " " .. b .. ", then " .. select("#", f()) .. " values"
		elseif cmd == "inside" then
			-- the generator's own view: running, yieldable, and the thread skynet sees it in
			local g = co.create(function()
				local me, main = co.running()
				co.yield(string.format("%s %s %s", co.status(me), tostring(main), tostring(co.isyieldable())))
			end)
			local _, v = co.resume(g)
			r = "inside " .. v
		else
			r = "unknown " .. tostring(cmd)
		end
		socket.write(fd, r .. "\n")
	end
end

skynet.start(function()
	store = skynet.newservice("store")
	local id = socket.listen("127.0.0.1", tonumber(skynet.getenv "app_port"))
	socket.start(id, function(fd)
		skynet.fork(serve, fd)
	end)
	skynet.error("ready")
end)
