-- snax_iface_svc: a snax service used by snax_iface.lua (not a program of its own).
local skynet = require "skynet"

local count = 0
local helper_value = "kept"

function init(...)
	skynet.error("svc init", select("#", ...), ...)
end

function accept.ping(n)
	count = count + (n or 1)
	skynet.error("svc ping", n, count)
end

function response.count()
	return count, helper_value
end

function response.echo(...)
	return ...
end

function response.fail(what)
	if what == "table" then
		error({ code = 7 })
	end
	error(what)
end

function accept.raise()
	error("accept raises")
end

function response.sleepy(ti)
	skynet.sleep(ti)
	return "slept " .. ti
end
