-- skynet.inject_file: reads the script debug_console's `inject` runs, whole and bounded.
--
-- skyglass: skynet's console reads any path with read("a"). A directory sent a
-- nil source (the service raised "bad argument #1 to 'load'", the console said
-- "call failed"); /dev/zero grew the console by 4 GB and it never answered
-- again (attack round 4). Still open: a FIFO without a writer blocks io.open
-- (Lua cannot ask what a path is before opening it).
local MAX_SCRIPT = 16 << 20

-- -> the source, or nil when the file cannot be opened (skynet's "Can't open");
-- raises naming the file when it cannot be read or is too large.
return function(filename)
	local f = io.open(filename, "rb")
	if not f then
		return nil
	end
	local source, why = f:read(MAX_SCRIPT + 1)
	f:close()
	if source == nil and why ~= nil then
		error(string.format("inject: cannot read %s: %s", filename, why), 0)
	end
	source = source or "" -- an empty file
	if #source > MAX_SCRIPT then
		error(string.format("inject: %s is larger than %d bytes", filename, MAX_SCRIPT), 0)
	end
	return source
end
