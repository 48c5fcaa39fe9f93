-- binary_proto: a string.pack protocol over TCP read with socket.read(n): frames of a 2-byte length, records of
-- integers, floats, zero-terminated and length-prefixed strings, frames sent together, split byte by byte and of
-- 60,000 bytes, read(id, 0) (waits for data), a truncated record (string.unpack's error), a read cut short by the peer closing,
-- a close while another task waits in read, reads after close.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
local mode = ...

local function frame(body) return string.pack(">s2", body) end

if mode == "server" then
	local function serve(id)
		while true do
			local hdr = socket.read(id, 2)
			if not hdr then
				skynet.error("server: peer gone")
				break
			end
			local body = socket.read(id, string.unpack(">I2", hdr))
			local kind = body:byte(1)
			if kind == 1 then
				local a, b, c, d, e, f = string.unpack("<i4 j d z s1 >i3", body, 2)
				skynet.error("server record", a, b, c, d, e, f)
				socket.write(id, frame(string.pack("<j z", a + b, d .. e)))
			elseif kind == 2 then
				skynet.error("server big", #body, body:sub(2, 4), body:sub(-3))
				socket.write(id, frame(string.pack(">I4", #body)))
			elseif kind == 3 then
				skynet.error("server truncated", pcall(string.unpack, "<i4 s4", body, 2))
				socket.write(id, frame("bad"))
			elseif kind == 4 then
				-- the client waits in read(id, 0), then for 10 bytes: send 4 and close
				socket.write(id, "four")
				socket.close(id)
				skynet.error("server closed after four bytes")
				break
			end
		end
	end
	skynet.start(function()
		local lid, addr, port = socket.listen("127.0.0.1", 0)
		skynet.error("server listening", addr, math.type(port))
		socket.start(lid, function(id)
			socket.start(id)
			skynet.fork(serve, id)
		end)
		skynet.dispatch("lua", function() skynet.retpack(port) end)
	end)
	return
end

local function answer(id)
	local hdr = socket.read(id, 2)
	return socket.read(id, string.unpack(">I2", hdr))
end

skynet.start(function()
	local server = skynet.newservice(SERVICE_NAME, "server")
	local port = skynet.call(server, "lua")
	local id = assert(socket.open("127.0.0.1", port))
	local record = string.pack("<B i4 j d z s1 >i3", 1, -7, math.maxinteger, 0.5, "zero", "pfx", -2)
	socket.write(id, frame(record))
	skynet.error("client record answer", string.unpack("<j z", answer(id)))

	-- two frames in one write, then one sent a byte at a time
	socket.write(id, frame(string.pack("<B i4 j d z s1 >i3", 1, 1, 2, 1e100, "", "", 0)) ..
		frame(string.pack("<B i4 j d z s1 >i3", 1, 3, 4, -0.0, "a", "b", 8388607)))
	skynet.error("client two answers", string.unpack("<j z", answer(id)))
	skynet.error("client two answers", string.unpack("<j z", answer(id)))
	local split = frame(string.pack("<B i4 j d z s1 >i3", 1, 5, 6, 2.25, "sp", "lit", -8388608))
	for i = 1, #split do socket.write(id, split:sub(i, i)) end
	skynet.error("client split answer", string.unpack("<j z", answer(id)))

	local big = string.char(2) .. string.rep("0123456789", 6000) .. "end"
	socket.write(id, frame(big:sub(1, 60000)))
	skynet.error("client big answer", string.unpack(">I4", answer(id)))

	socket.write(id, frame(string.char(3) .. string.pack("<i4", 1) .. "\0\0"))
	skynet.error("client truncated answer", answer(id))

	socket.write(id, frame(string.char(4)))
	-- read(id, 0) waits for the next data, then gives false and all that is there (skynet's socket.read)
	skynet.error("client read 0", socket.read(id, 0))
	skynet.error("client read 10 as the peer closes", socket.read(id, 10))
	skynet.error("client read after close", socket.read(id, 1))
	-- no write here: skynet's answer to a write after the peer's close, or after our own, depends on timing
	-- (a "socket: error ... Broken pipe" line, or true or false)
	socket.close(id)

	-- a close while another task waits in read: the reader gets false and what was there
	local id2 = assert(socket.open("127.0.0.1", port))
	local got
	skynet.fork(function() got = table.pack(socket.read(id2, 5)) end)
	skynet.yield() -- the fork waits in read
	socket.close(id2)
	while got == nil do skynet.yield() end
	skynet.error("client reader after close", table.unpack(got, 1, got.n))
	skynet.error("client invalid", socket.invalid(id2))
	skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
	skynet.abort()
end)
