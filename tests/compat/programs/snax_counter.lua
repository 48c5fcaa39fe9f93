-- snax_counter: a snax service used by snax_hotfix.lua (not a program of its own).
local skynet = require "skynet"
local snax = require "skynet.snax"

local count = 0
local name

function init(who)
	name = who
	skynet.error("snax init", who)
end

function exit(...)
	skynet.error("snax exit", name, ...)
end

function response.get()
	return count
end

function response.add(n)
	count = count + n
	return count
end

function response.version()
	return "v1"
end

function response.fail()
	error("snax response raised")
end

function accept.bump(n)
	count = count + (n or 1)
	skynet.error("bumped to", count)
end

function response.whoami()
	return snax.self().handle == skynet.self(), name
end
