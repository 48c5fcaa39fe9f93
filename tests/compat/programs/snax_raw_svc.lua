-- snax_raw_svc: a snax service used by snax_raw.lua (not a program of its own).
local skynet = require "skynet"
local snax = require "skynet.snax"

local hits = 0

function init(...)
	skynet.error("init", ...)
end

function exit(...)
	skynet.error("exit", ...)
end

function accept.hit(n)
	hits = hits + n
end

function response.show()
	return hits
end

function response.cluster()
	snax.enablecluster()
end
