-- reader.lua: one client's reader: queries the monster sheet once and keeps it and a sub-table; the
-- datasheet updates them in place as new versions come.
local skynet = require "skynet"
local socket = require "skynet.socket"
local datasheet = require "skynet.datasheet"
require "skynet.manager" -- skynet.abort

local fd, index = tonumber((...)), select(2, ...)
local sheet
local orc, wolf -- sub-tables kept in upvalues

local function names(t)
	local out = {}
	for k in pairs(t) do
		out[#out + 1] = tostring(k)
	end
	table.sort(out)
	return table.concat(out, ",")
end

local function answer(cmd, arg)
	if cmd == "get" then
		local m = sheet[arg]
		if not m then
			return "no " .. arg
		end
		return string.format("%s hp %d drops %s (%d)", arg, m.hp, table.concat(m.drops, ","), #m.drops)
	elseif cmd == "kept" then
		local ok, w = pcall(function() return wolf.hp end)
		return string.format("orc hp %d, wolf %s", orc.hp, ok and tostring(w) or "error " .. tostring(w):gsub("^.*:%d+: ", ""))
	elseif cmd == "keys" then
		return "keys " .. names(sheet) .. " list " .. table.concat(sheet.list, ",") .. " #" .. #sheet.list
	elseif cmd == "version" then
		return "version " .. sheet.version
	elseif cmd == "bump" then
		return "bumped to " .. skynet.call(skynet.uniqueservice("sheetd"), "lua", "bump")
	elseif cmd == "write" then
		local ok, err = pcall(function() sheet.version = 99 end)
		return "write " .. tostring(ok) .. " " .. tostring(err):gsub("^.*:%d+: ", "")
	elseif cmd == "shutdown" then
		skynet.abort()
		return nil
	end
	return "unknown " .. tostring(cmd)
end

skynet.start(function()
	sheet = datasheet.query("monsters")
	orc, wolf = sheet.orc, sheet.wolf
	skynet.fork(function()
		socket.start(fd)
		socket.write(fd, "reader " .. index .. "\n")
		while true do
			local line = socket.readline(fd)
			if not line then
				skynet.exit()
				return
			end
			local r = answer(line:match "^(%S+)%s*(.*)$")
			if r then
				socket.write(fd, r .. "\n")
			end
		end
	end)
end)
