-- web: lesson 42's listener. It accepts connections and speaks no HTTP itself:
-- each accepted socket id goes, in a message, to one of its agents in turn, which
-- reads and answers the requests on it (skynet's examples/simpleweb.lua has the same shape).
local skynet = require "skynet"
local socket = require "skynet.socket"

local AGENTS = 2
local agents = {}
local next_agent = 1
local port
local open = 0 -- connections handed to an agent and not yet closed by it
local drained -- the response of a waiting "drain" call, answered when open is 0

-- lesson 42.2: ACCEPT runs this in web; the new socket is only a number, so a message can hand it to an agent
local function accept(id, addr)
	local agent = agents[next_agent]
	next_agent = next_agent % AGENTS + 1
	open = open + 1
	skynet.error(string.format("web: connection %d from %s goes to agent :%08x", id, addr, agent))
	skynet.send(agent, "lua", "serve", id, addr)
end

local command = {}

function command.port()
	skynet.ret(skynet.pack(port))
end

-- An agent closed a connection (a send: nobody waits for an answer).
function command.closed()
	open = open - 1
	if open == 0 and drained then
		drained(true)
		drained = nil
	end
end

-- Answers when every connection handed out so far is closed.
function command.drain()
	if open == 0 then
		skynet.ret()
	else
		drained = skynet.response()
	end
end

skynet.start(function()
	for i = 1, AGENTS do
		agents[i] = skynet.newservice("agent", i)
	end
	-- lesson 42.1: port 0: the OS picks a free port, which listen returns
	local listen_id, addr
	listen_id, addr, port = socket.listen("127.0.0.1", 0)
	skynet.error(string.format("web: listening on %s:%d", addr, port))
	socket.start(listen_id, accept)
	skynet.dispatch("lua", function(_, _, cmd, ...)
		local f = command[cmd]
		if not f then
			error("web: no command " .. tostring(cmd))
		end
		f(...)
	end)
end)
