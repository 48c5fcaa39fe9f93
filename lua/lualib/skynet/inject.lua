-- skynet.inject: runs a piece of Lua source inside a service (the debug protocol's RUN, debug_console's inject).
--
-- The code sees the service's globals, its arguments as `...`, and `_P`, the
-- service's protocol table (name -> { dispatch = f, ... }), so it can read or
-- patch a dispatch function's upvalues. What it prints is collected and
-- returned instead of going to the log.
return function(skynet, source, filename, args, internal)
	local output = {}
	local function print(...)
		local parts = table.pack(...)
		for i = 1, parts.n do
			parts[i] = tostring(parts[i])
		end
		output[#output + 1] = table.concat(parts, "\t", 1, parts.n)
	end
	local env = setmetatable({ print = print, _P = internal and internal.proto }, { __index = _ENV })
	if type(source) ~= "string" then -- skynet's raised in load, a traceback in the service
		return false, { "inject: the source is a " .. type(source) .. ", not a string" }
	end
	local chunk, err = load(source, "@" .. tostring(filename), "bt", env)
	if not chunk then
		output[#output + 1] = err
		return false, output
	end
	local ok, run_err = xpcall(chunk, debug.traceback, table.unpack(args, 1, args.n))
	if not ok then
		output[#output + 1] = run_err
	end
	return ok, output
end
