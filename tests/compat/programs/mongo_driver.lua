-- mongo_driver: skynet.mongo.driver's three functions on hand-made frames: op_msg's bytes for a command
-- and flags, length of a frame's first four bytes, reply of a whole frame (its id and document), of one
-- shorter than a header, with another opcode, with each OP_MSG flag, another payload type, two sections,
-- and op_msg without a document.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local bson = require "bson"
local driver = require "skynet.mongo.driver"

local function hex(s)
	return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end

-- digits as letters, so that the compat masks keep them
local function letters(s)
	return (tostring(s):gsub("%d", function(d) return string.char(97 + d) end))
end

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	for i = 2, r.n do
		local v = r[i]
		if type(v) == "userdata" then v = "userdata" end
		r[i] = letters(v)
	end
	skynet.error(what, table.unpack(r, 1, r.n))
end

local function frame(id, response_to, opcode, flags, kind, body)
	return string.pack("<i4i4i4I4B", id, response_to, opcode, flags, kind) .. body
end

skynet.start(function()
	local cmd = bson.encode_order("ping", 1, "$db", "admin")
	local msg = driver.op_msg(7, 0, cmd)
	skynet.error("op_msg", letters(#msg), letters(hex(msg)))
	skynet.error("op_msg flags 2", letters(hex(driver.op_msg(0x7fffffff, 2, cmd):sub(1, 20))))
	skynet.error("op_msg negative id", letters(hex(driver.op_msg(-1, 0, cmd):sub(1, 20))))
	try("op_msg no document", driver.op_msg, 1, 0, nil)
	try("length", driver.length, msg:sub(1, 4))
	try("length of 16", driver.length, "\16\0\0\0")
	try("length longer string", driver.length, "\32\0\0\0rest")

	local doc = tostring(bson.encode { ok = 1, n = 3 })
	local ok, id, d = driver.reply(frame(9, 12, 2013, 0, 0, doc))
	local t = bson.decode(d)
	skynet.error("reply", ok, letters(id), type(d), t.ok, t.n)
	try("reply more to come", driver.reply, frame(9, 13, 2013, 2, 0, doc))
	try("reply short", driver.reply, "\1\2\3")
	try("reply 15 bytes", driver.reply, string.rep("\0", 15))
	try("reply opcode 1", driver.reply, frame(9, 12, 1, 0, 0, doc))
	try("reply opcode 2004", driver.reply, frame(9, 12, 2004, 0, 0, doc))
	try("reply checksum flag", driver.reply, frame(9, 12, 2013, 1, 0, doc))
	try("reply flags 3", driver.reply, frame(9, 12, 2013, 3, 0, doc))
	try("reply flag exhaust", driver.reply, frame(9, 12, 2013, 0x10000, 0, doc))
	try("reply flags 6", driver.reply, frame(9, 12, 2013, 6, 0, doc))
	try("reply payload 1", driver.reply, frame(9, 12, 2013, 0, 1, doc))
	try("reply two sections", driver.reply, frame(9, 12, 2013, 0, 0, doc .. "\0" .. doc))
	try("reply number", driver.reply, 12345678901234567)
	skynet.sleep(10)
	skynet.abort()
end)
