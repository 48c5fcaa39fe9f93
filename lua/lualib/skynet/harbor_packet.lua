-- skynet.harbor_packet: the packets between a harbor's master (cmaster) and its slaves (cslave): a length byte and skynet.packstring's bytes.
--
-- A packet is one byte of length (so at most 255 bytes) followed by the
-- values packed by skynet.packstring: a one-letter type and its arguments
-- (docs/wire-formats.md, "harbor"). Both ends are skynet's, byte for byte.
local skynet = require "skynet"
local socket = require "skynet.socket"

local packet = {}

-- -> the packet of the values, or raises "too long" (skynet's words)
function packet.pack(...)
	local message = skynet.packstring(...)
	local size = #message
	assert(size <= 255, "too long")
	return string.char(size) .. message
end

-- Read one packet from fd -> its values. Raises "closed" when the
-- connection ends, and a sentence saying what is wrong when the bytes are not
-- a packet. With `timeout` (centiseconds), a peer that has not sent the
-- whole packet by then is closed, and this raises "timeout".
function packet.read(fd, timeout)
	local expired = false
	if timeout then
		local done = false
		skynet.timeout(timeout, function()
			if not done then
				expired = true
				socket.close(fd)
			end
		end)
		local ok, a, b, c, d = pcall(packet.read, fd)
		done = true
		if not ok then
			error(expired and "timeout" or a, 0)
		end
		return a, b, c, d
	end
	local sz = socket.read(fd, 1)
	if not sz then
		error("closed", 0)
	end
	sz = string.byte(sz)
	local content = socket.read(fd, sz)
	if not content then
		error("closed", 0)
	end
	local ok, t, a, b = pcall(skynet.unpack, content)
	if not ok or type(t) ~= "string" then
		-- the bytes shown printable, so the log line stays text
		local shown = content:sub(1, 16):gsub("[^%w%p ]", function(ch)
			return string.format("\\x%02x", ch:byte())
		end)
		error(string.format("not a harbor packet (%d bytes: %s)", sz, shown), 0)
	end
	return t, a, b
end

return packet
