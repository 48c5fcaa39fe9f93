-- backend: lesson 23's "mini redis", a line-protocol key-value server that the client's channels talk to.
--
-- One line per request, one line per answer:
--   plain connection:  AUTH secret | SET k v | GET k | CLOSE     answered in the order asked
--   tagged connection: the same, each line led by a session number ("7 GET k"), answered
--                      "7 <answer>"; and WAIT k, answered only when someone SETs k, so the
--                      answers to later requests overtake it.
-- A connection is tagged when its first line (its AUTH) starts with a number. The data
-- lives in this service, not in a connection: it survives a client's reconnect.
local skynet = require "skynet"
local socket = require "skynet.socket"
local driver = require "skynet.socketdriver"

local PASSWORD = "opensesame"

local store = {}       -- key -> value
local waiting = {}     -- key -> the answers owed to WAITs on that key, called when it is set
local connections = 0  -- connections accepted so far: the AUTH answer names each by its number
local listen_id

local function set(key, value)
	store[key] = value
	local owed = waiting[key] or {}
	waiting[key] = nil
	for _, answer in ipairs(owed) do
		answer(value)
	end
end

-- One command; `answer(text)` writes its answer now or, for a WAIT, later.
-- Returns false when the connection must close.
local function run(cmd, key, value, tagged, answer)
	if cmd == "SET" and key ~= "" then
		-- the SET's own answer first: a WAIT it ends was asked before it, and is answered after it
		answer("+OK")
		set(key, value)
	elseif cmd == "GET" and key ~= "" then
		answer(store[key] or "(nil)")
	elseif cmd == "WAIT" and tagged and key ~= "" then
		if store[key] then
			answer(store[key])
		else
			-- lesson 23.6: the answer is owed, and the connection reads on: later requests are answered first
			local owed = waiting[key] or {}
			waiting[key] = owed
			owed[#owed + 1] = answer
		end
	elseif cmd == "CLOSE" then
		return false
	else
		answer("-ERR unknown command or missing key (WAIT needs a tagged connection)")
	end
	return true
end

local function serve(fd)
	socket.start(fd)
	driver.nodelay(fd) -- answers go out as written, not held back by Nagle's algorithm
	connections = connections + 1
	local number = connections
	local first = socket.readline(fd)
	if not first then
		socket.close(fd)
		return
	end
	local tag, auth = first:match("^(%d+) (.*)$")
	local tagged = tag ~= nil
	local function answerer(session)
		return function(text)
			-- a WAIT answered after its connection closed has nowhere to go: write returns false
			socket.write(fd, (tagged and session .. " " or "") .. text .. "\n")
		end
	end
	if (auth or first) ~= "AUTH " .. PASSWORD then
		answerer(tag)("-ERR wrong password")
		socket.close(fd)
		return
	end
	skynet.error(string.format("backend: connection %d authenticated (%s)", number, tagged and "tagged" or "plain"))
	answerer(tag)("+OK connection " .. number)
	while true do
		local line = socket.readline(fd)
		if not line then
			break
		end
		local session = nil
		if tagged then
			session, line = line:match("^(%d+) (.*)$")
			if not session then
				skynet.error("backend: connection " .. number .. " sent a line without a session; closing it")
				break
			end
		end
		local cmd, key, value = line:match("^(%S+) ?(%S*) ?(.*)$")
		if not run(cmd, key, value, tagged, answerer(session)) then
			-- lesson 23.8: as a server that dies mid-request: the connection drops, nothing answers
			skynet.error("backend: CLOSE on connection " .. number .. ": dropping it unanswered")
			break
		end
	end
	socket.close(fd)
end

local CMD = {}

function CMD.listen()
	local port
	listen_id, _, port = socket.listen("127.0.0.1", 0)
	socket.start(listen_id, function(fd)
		skynet.fork(serve, fd)
	end)
	skynet.error("backend: listening on 127.0.0.1:" .. port)
	return port
end

function CMD.bye()
	socket.close(listen_id)
	skynet.exit()
end

skynet.start(function()
	skynet.dispatch("lua", function(session, _, cmd, ...)
		local f = assert(CMD[cmd], "backend: unknown command " .. tostring(cmd))
		local result = f(...)
		if session ~= 0 then
			skynet.retpack(result)
		end
	end)
end)
