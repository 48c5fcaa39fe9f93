-- snax_life_svc: a snax service used by snax_life.lua (not a program of its own).
local skynet = require "skynet"
local snax = require "skynet.snax"

local mode
local items = {}

function init(m, ...)
	mode = m
	skynet.error("init", m, select("#", ...), ...)
	if m == "raise" then
		error("init refuses")
	elseif m == "sleepy" then
		skynet.sleep(2)
		skynet.error("init slept")
	end
end

function exit(...)
	skynet.error("exit", mode, ...)
	if mode == "bad exit" then
		error("exit raises")
	end
end

function response.put(k, v)
	items[k] = v
	return k, v
end

function response.get(k)
	return items[k]
end

function response.nothing()
end

function response.many()
	return 1, nil, 3, nil
end

function response.quit()
	snax.exit("by itself")
	return "unreached?"
end

function accept.put(k, v)
	items[k] = v
end

function accept.raise(why)
	error(why)
end

function accept.slow(ticks)
	skynet.sleep(ticks)
	skynet.error("slow accept done", ticks)
end
