-- counter_snax: a snax service for test_snax: accept/response methods, init/exit, state kept across a hotfix.
local skynet = require "skynet"

local count = 0
local label = "counter"
local recorder

function init(name, rec)
	label = name
	recorder = rec
end

function exit(why)
	skynet.send(recorder, "lua", "record", "exit " .. tostring(why))
end

function accept.add(n)
	count = count + n
end

function response.get()
	return label, count
end

function response.fail()
	error("snax method failing on purpose")
end
