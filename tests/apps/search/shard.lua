-- shard.lua: one search shard: a few words in its letter range, answered after a fixed delay (its "disk").
local skynet = require "skynet"

local index, range, delay = tonumber((...)), select(2, ...), tonumber((select(3, ...)))
local first, last = range:match "^(%a)%-(%a)$"
local WORDS = { "apple", "banana", "grape", "kiwi", "mango", "pear", "plum", "tomato", "zucchini", "melon" }
local calls = 0

local CMD = {}

function CMD.find(word)
	skynet.sleep(delay)
	if word == "crash" and index == 3 then
		error("shard 3 cannot search for " .. word)
	end
	local hits = {}
	for _, w in ipairs(WORDS) do
		local c = w:sub(1, 1)
		if c >= first and c <= last and w:find(word, 1, true) then
			hits[#hits + 1] = w
		end
	end
	return #hits == 0 and "-" or table.concat(hits, ",")
end

function CMD.count()
	skynet.sleep(delay)
	local n = 0
	for _, w in ipairs(WORDS) do
		local c = w:sub(1, 1)
		if c >= first and c <= last then
			n = n + 1
		end
	end
	return n
end

function CMD.calls()
	return calls
end

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd, ...)
		if cmd ~= "calls" then
			calls = calls + 1
		end
		skynet.ret(skynet.pack(CMD[cmd](...)))
	end)
end)
