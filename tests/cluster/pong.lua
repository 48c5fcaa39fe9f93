-- pong: the service that node a offers to the cluster test.
local skynet = require "skynet"

local notes = {}
local command = {}

function command.ping(...) return "pong", ... end
function command.echo(s) return s end
function command.note(x) notes[#notes + 1] = x end
function command.notes() return notes end
function command.fail() error("pong was asked to fail") end
function command.slow()
	skynet.error("SLOW_STARTED")  -- cluster_test.py kills this node when it sees this
	skynet.sleep(3000)
	return "too late"
end

skynet.start(function()
	skynet.dispatch("lua", function(session, _, cmd, ...)
		local f = command[cmd] or error("pong: unknown command " .. tostring(cmd))
		if session == 0 then
			f(...)
		else
			skynet.retpack(f(...))
		end
	end)
end)
