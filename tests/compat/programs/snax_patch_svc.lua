-- snax_patch_svc: a snax service used by snax_patch.lua (not a program of its own).
local skynet = require "skynet"
local snax = require "skynet.snax"

local hits = 0
local label = "v1"
local function describe()
	return label .. ":" .. hits
end

function init(...)
	skynet.error("init", select("#", ...), ..., snax.self().handle == skynet.self())
end

function exit(...)
	skynet.error("exit", select("#", ...), ...)
end

function accept.hit(n)
	hits = hits + (n or 1)
end

function accept.leave()
	snax.exit("from a post")
end

function response.show()
	return describe()
end

function response.raise_table()
	error({ code = 7 })
end

function response.raise_nil()
	error()
end
