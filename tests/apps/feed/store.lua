-- store.lua: the posts behind the feed, read a page at a time (each read a call that takes a tick).
local skynet = require "skynet"

local posts = {}
for i = 1, 7 do
	posts[i] = "post" .. i
end

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd, from, n)
		if cmd == "page" then
			skynet.sleep(1)
			if from > 5 and n > 2 then
				error("the store cannot read " .. n .. " posts from " .. from)
			end
			skynet.ret(skynet.pack(table.move(posts, from, math.min(from + n - 1, #posts), 1, {})))
		end
	end)
end)
