-- channel_modes: socketchannel in order mode and session (response) mode against a line server, auth, reconnect after the server closes, errors raised by a response reader.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
local socketchannel = require "skynet.socketchannel"

local log = skynet.error

skynet.start(function()
	local server = skynet.newservice("line_server")
	local port = skynet.call(server, "lua", "port")

	-- order mode: each request's response function reads its own answer
	local authed = 0
	local ch = socketchannel.channel {
		host = "127.0.0.1",
		port = port,
		auth = function(so)
			authed = authed + 1
			local r = so:request("auth pw\n", function(sock)
				local line = sock:readline()
				return line == "OK", line
			end)
			log("auth answered", r)
		end,
	}
	local function line_reply(sock)
		local line = sock:readline()
		if line == "ERR" then
			return false, "server said ERR"
		end
		return true, line
	end
	ch:connect(true)
	log("order echo", ch:request("echo one\n", line_reply))
	log("order echo", ch:request("echo two\n", line_reply))
	log("order err", pcall(ch.request, ch, "what\n", line_reply))
	-- several coroutines in order mode: answers come back in request order
	local got = {}
	for i = 1, 3 do
		skynet.fork(function()
			local r = ch:request("echo n" .. i .. "\n", line_reply)
			got[#got + 1] = r
		end)
	end
	for _ = 1, 200 do
		if #got == 3 then break end
		skynet.sleep(1)
	end
	log("order forks", table.concat(got, " "))
	-- a request without a response function is only sent: its answer is
	-- what the next request reads
	ch:request("echo ignored\n")
	log("after a send-only request", ch:request("echo three\n", line_reply))
	log("and the next", ch:request("echo four\n", line_reply))
	-- the server closes: the pending request fails, the next one reconnects (auth again)
	log("close", pcall(ch.request, ch, "close\n", line_reply))
	skynet.sleep(5)
	log("after close", pcall(ch.request, ch, "echo again\n", line_reply))
	log("authed", authed)
	-- a response function that raises
	log("reader raises", pcall(ch.request, ch, "echo x\n", function(sock)
		sock:readline()
		error("reader failed")
	end))
	log("after reader raised", pcall(ch.request, ch, "echo y\n", line_reply))
	ch:close()
	log("closed channel", pcall(ch.request, ch, "echo z\n", line_reply))

	-- session mode: the channel's response reader says which session a line answers
	local sch = socketchannel.channel {
		host = "127.0.0.1",
		port = port,
		response = function(sock)
			local line = sock:readline()
			local s, text = line:match("^(%d+) (.*)$")
			return tonumber(s), true, text
		end,
	}
	sch:connect(true)
	local answers = {}
	local done = 0
	for i, delay in ipairs { 5, 1, 3 } do
		skynet.fork(function()
			answers[i] = sch:request(string.format("late %d %d answer%d\n", delay * 10, i, i), i)
			done = done + 1
			log("session answer arrived", i, answers[i])
		end)
	end
	for _ = 1, 300 do
		if done == 3 then break end
		skynet.sleep(1)
	end
	log("session answers", table.concat(answers, " "))
	sch:close()

	-- a refused connection
	local lid, _, free = socket.listen("127.0.0.1", 0)
	socket.close(lid)
	local bad = socketchannel.channel { host = "127.0.0.1", port = free, nodelay = true }
	local ok, err = pcall(bad.connect, bad, true)
	log("refused", ok, (tostring(err):gsub("%d+", "N")))
	skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
	skynet.abort()
end)
