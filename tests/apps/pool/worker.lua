-- worker.lua: one pool worker: says what arguments it was started with and does jobs.
local skynet = require "skynet"

local args = table.pack(...)
local index, pool, gen = ...
local done = 0

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd, job)
		if cmd == "quit" then
			skynet.exit() -- the caller is answered with an error
		end
		done = done + 1
		skynet.ret(skynet.pack(string.format("worker %s of %s (%s, %d args: %s) did %s, %d done",
			index, pool, gen, args.n, table.concat(args, " ", 4), job, done)))
	end)
end)
