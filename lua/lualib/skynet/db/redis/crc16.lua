-- skynet.db.redis.crc16: the CRC-16 redis cluster hashes keys with (XMODEM: poly 0x1021, init 0).
--
-- The module is the function itself, as skynet's: crc16(bytes) -> integer 0..65535.
-- The 256-entry table is computed once at load rather than written out by hand.

local POLY = 0x1021

local lookup = {}
for byte = 0, 255 do
	local crc = byte << 8
	for _ = 1, 8 do
		if crc & 0x8000 ~= 0 then
			crc = ((crc << 1) ~ POLY) & 0xffff
		else
			crc = (crc << 1) & 0xffff
		end
	end
	lookup[byte] = crc
end

return function(bytes)
	local crc = 0
	for i = 1, #bytes do
		local index = ((crc >> 8) ~ bytes:byte(i)) & 0xff
		crc = ((crc << 8) & 0xffff) ~ lookup[index]
	end
	return crc
end
