-- channel_backup: socketchannel's backup hosts and auth: a main host that refuses, backups given as a bare host (the main
-- port) and as a table, an auth that raises on one server (the channel moves on to the next backup), an auth failing
-- everywhere ("no more backup host"), changebackup, session mode with answers out of order, nodelay and an overload
-- callback, and requests on a closed channel.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
local socketchannel = require "skynet.socketchannel"
local log = skynet.error

-- A line server: "name" (but S) greets with its name; "s N text" answers "N text" later for N odd, at once for N even.
local function server(name)
	local lid, _, port = socket.listen("127.0.0.1", 0)
	socket.start(lid, function(id)
		socket.start(id)
		skynet.fork(function()
			if name ~= "S" then socket.write(id, "hello " .. name .. "\n") end
			local held = {}
			while true do
				local line = socket.readline(id)
				if not line then return end
				local n, text = line:match("^s (%d+) (.*)$")
				if n then
					n = tonumber(n)
					if n % 2 == 1 then
						held[#held + 1] = n .. " " .. text .. "\n"
					else
						socket.write(id, n .. " " .. text .. "\n")
						for _, h in ipairs(held) do socket.write(id, h) end
						held = {}
					end
				elseif line == "quit" then
					socket.close(id)
					return
				else
					socket.write(id, name .. ":" .. line .. "\n")
				end
			end
		end)
	end)
	return port, lid
end

local function hello_auth(want)
	return function(ch)
		local hi = ch:response(function(sock) return true, sock:readline() end)
		log("auth sees", hi)
		if want and not hi:find(want, 1, true) then error("not " .. want) end
	end
end

skynet.start(function()
	local pa = server("A")
	local pb = server("B")
	local fid, _, dead = socket.listen("127.0.0.1", 0)
	socket.close(fid)

	local ch = socketchannel.channel {
		host = "127.0.0.1", port = dead,
		backup = { "127.0.0.1", { host = "127.0.0.1", port = pa }, { host = "127.0.0.1", port = pb } },
		auth = hello_auth("B"),
		nodelay = true,
	}
	log("connect", pcall(ch.connect, ch, true))
	log("request", ch:request("ping\n", function(sock) return true, sock:readline() end))
	ch:close()
	log("closed request", pcall(ch.request, ch, "ping\n", function(sock) return true, sock:readline() end))

	local bad = socketchannel.channel {
		host = "127.0.0.1", port = pa,
		backup = { { host = "127.0.0.1", port = pb } },
		auth = hello_auth("C"),
	}
	log("all auth fail", pcall(bad.connect, bad, true))
	bad:changebackup({})
	log("after changebackup", pcall(bad.connect, bad, true))
	bad:close()

	local sess = socketchannel.channel {
		host = "127.0.0.1", port = server("S"),
		response = function(sock)
			local line = sock:readline()
			local n, text = line:match("^(%d+) (.*)$")
			return tonumber(n), true, text
		end,
		overload = function(on) log("overload", on) end,
	}
	sess:connect(true)
	local done = 0
	for i = 1, 4 do
		skynet.fork(function()
			log("session answer", i, sess:request(string.format("s %d text%d\n", i, i), i))
			done = done + 1
		end)
		skynet.sleep(1)
	end
	for _ = 1, 100 do
		if done == 4 then break end
		skynet.sleep(1)
	end
	log("session quit", pcall(sess.request, sess, "quit\n", 9))
	sess:close()
	skynet.sleep(5)
	skynet.abort()
end)
