-- http.tracelog: protocol steps (request lines, statuses, websocket frames, login
-- steps) as log lines, written only while the trace is on, so they land in the
-- trace as `log` events beside the socket events of the same connection.
-- TODO(trace schema): become real trace events once the schema lands on main.
local skynet = require "skynet"
local core = require "skynet.core"

local tracing = core.tracing

return function(fmt, ...)
	if tracing() then
		skynet.error(string.format(fmt, ...))
	end
end
