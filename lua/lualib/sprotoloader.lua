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
	core.saveproto(parser.parse(text, filename), index)
end

function loader.save(bin, index)
	sproto.new(bin)  -- refuse a bad binary now rather than in every loader
	core.saveproto(bin, index)
end

function loader.load(index)
	return sproto.new(core.loadproto(index))
end

return loader
