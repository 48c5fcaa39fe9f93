-- channel_more: socketchannel as drivers use it: a request with padding (more strings sent after it), response functions answering (false, why) and (true, value), a request after close (the channel connects again), changehost to another server and back, a connect(true) to a closed port, and requests from three tasks at once in order mode.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
local socketchannel = require "skynet.socketchannel"

local log = skynet.error

local function line_reply(sock)
	local line = sock:readline("\n")
	if line == "ERR" then
		return false, "server said ERR"
	end
	return true, line
end

skynet.start(function()
	local server = skynet.newservice("line_server")
	local port = skynet.call(server, "lua", "port")
	local server2 = skynet.newservice("line_server")
	local port2 = skynet.call(server2, "lua", "port")
	-- padding: the strings after the request go out after it; their answers
	-- are left for the next requests to read (on both). On a channel of its
	-- own, read to the end before it closes (unread bytes would reset it).
	local chp = socketchannel.channel { host = "127.0.0.1", port = port }
	chp:connect(true)
	log("padding", chp:request("echo first\n", line_reply, { "echo pad1\n", "echo pad2\n" }))
	-- (the padding goes out by lwrite, low priority: a request written after
	-- it may overtake it, by timing, on both; so the answers are sorted)
	local answers = {}
	for _, what in ipairs { "next", "next2", "next3", "next4", "last", "last2" } do
		answers[#answers + 1] = chp:request("echo " .. what .. "\n", line_reply)
	end
	table.sort(answers)
	log("the next six requests read", table.concat(answers, " "))
	log("in step again", chp:request("echo sync\n", function(sock)
		-- read what is left until our own answer: nothing unread at close
		while true do
			local line = sock:readline("\n")
			if line == "sync" then return true, line end
		end
	end))
	chp:close()
	local ch = socketchannel.channel { host = "127.0.0.1", port = port }
	ch:connect(true)
	-- a response function answering (false, why)
	log("false answer", pcall(ch.request, ch, "bogus\n", line_reply))
	log("after false", ch:request("echo fine\n", line_reply))
	-- three tasks at once, two requests each
	local got, left, done = {}, 3, {}
	for i = 1, 3 do
		skynet.fork(function()
			local a = ch:request("echo t" .. i .. "\n", line_reply)
			local b = ch:request("echo u" .. i .. "\n", line_reply)
			got[i] = a .. "," .. b
			left = left - 1
			if left == 0 then skynet.wakeup(done) end
		end)
	end
	if left > 0 then skynet.wait(done) end
	log("three tasks", got[1], got[2], got[3])
	-- close, then a request
	ch:close()
	log("request after close", pcall(ch.request, ch, "echo again\n", line_reply))
	-- changehost
	local ch2 = socketchannel.channel { host = "127.0.0.1", port = port }
	ch2:connect(true)
	log("before changehost", ch2:request("echo one\n", line_reply))
	ch2:changehost("127.0.0.1", port2)
	log("after changehost", ch2:request("echo two\n", line_reply))
	ch2:close()
	-- connect(true) to a port nobody listens on
	local lid, _, dead_port = socket.listen("127.0.0.1", 0)
	socket.close(lid)
	local ch3 = socketchannel.channel { host = "127.0.0.1", port = dead_port }
	local ok, err = pcall(ch3.connect, ch3, true)
	log("connect to a closed port", ok, (tostring(err):gsub("%d%d+", "N")))
	skynet.sleep(20)
	skynet.abort()
end)
