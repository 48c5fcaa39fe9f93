-- cluster_snax_svc: the snax service cluster_snax reaches through skynet.cluster (it enables cluster in init).
local skynet = require "skynet"
local snax = require "skynet.snax"

function init(...)
	snax.enablecluster()
	skynet.error("svc init", ...)
end

function response.echo(...)
	return "echo", ...
end

function response.fail(x)
	error("snax refuses " .. tostring(x))
end

function response.nothing()
end

function accept.note(...)
	skynet.error("svc note", ...)
end

function exit()
	skynet.error("svc exit")
end
