-- cached.lua: an in-memory cache service with a memory cap (skynet.memlimit, set while it loads): it grows in
-- 8 MiB blobs, warns past 32 MiB (snlua's "Memory warning"), refuses what would pass its cap, and recovers
-- once blobs are evicted.
local skynet = require "skynet"

skynet.memlimit(48 * 1024 * 1024)

local blobs = {}
local MiB = 1024 * 1024

local CMD = {}

function CMD.add(name)
	-- a full collection first, and pieces made by one string.rep each (no garbage while building): what fits
	-- under the cap then depends on the blobs alone, not on when the collector last ran
	collectgarbage()
	local ok, err = pcall(function()
		local blob = {}
		for i = 1, 8 do
			local piece = string.char(64 + i) .. name
			blob[i] = string.rep(piece, MiB // #piece)
		end
		blobs[name] = blob
	end)
	if not ok then
		collectgarbage()
		return "refused " .. name .. ": " .. tostring(err)
	end
	return "added " .. name
end

function CMD.evict(name)
	blobs[name] = nil
	collectgarbage()
	return "evicted " .. name
end

function CMD.size()
	local n = 0
	for _ in pairs(blobs) do
		n = n + 1
	end
	-- (not collectgarbage("count"): skynet's Lua 5.5 leaves string.rep's long strings out of it, 5.4 counts them)
	return n .. " blobs"
end

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd, name)
		skynet.ret(skynet.pack(CMD[cmd](name)))
	end)
end)
