-- sprotoloader: schemas parsed once and shared by every service of the process.
-- A service (often the first one) saves a schema binary under an index 0..15;
-- agents load it from there instead of parsing the text again.
local parser = require "sprotoparser"
local core = require "sproto.core"
local sproto = require "sproto"

local loader = {}

-- Parses a schema file and saves its binary under `index`.
function loader.register(filename, index)
	local f = assert(io.open(filename), "Can't open sproto file")
	local text = f:read "a"
	f:close()
	core.saveproto(parser.parse(text), index) -- no file name, as skynet's: a syntax error says [=text]
end

-- As skynet's: bytes that are not a schema save nothing (the slot is emptied
-- and a later load fails with "nil sproto at index N").
-- Anything but a string (or a number) is refused as skynet's `newproto` refuses it.
function loader.save(bin, index)
	if type(bin) == "number" then bin = tostring(bin) end
	if type(bin) ~= "string" then
		error(string.format("bad argument #1 to 'newproto' (string expected, got %s)",
			bin == nil and "nil" or type(bin)))
	end
	if type(bin) == "string" and not pcall(sproto.new, bin) then bin = nil end
	core.saveproto(bin, index)
end

function loader.load(index)
	return sproto.new(core.loadproto(index))
end

return loader
