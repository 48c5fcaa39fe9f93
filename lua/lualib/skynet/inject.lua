-- skynet.inject: runs a piece of Lua source inside a service (the debug protocol's RUN, debug_console's inject).
--
-- As skynet's: the code sees the service's globals, its arguments as `...`,
-- `_P` (for each protocol name, the tables its dispatch function reaches
-- through upvalues, by upvalue name: `_P.lua.CMD` patches a command table)
-- and `_U` (the runtime's own tables by name, `_U.proto` among them). What it
-- prints is collected and returned instead of going to the log; print joins
-- its arguments up to 5.5's length of them (skynet.border), and an error
-- gives its message alone (skynet runs the chunk under plain pcall).

local border = require "skynet.border"

-- Every table reachable from func through upvalues, by upvalue name, into into;
-- functions among the upvalues are followed once (seen).
local function upvalue_tables(into, func, seen)
	local i = 1
	while true do
		local name, value = debug.getupvalue(func, i)
		if name == nil then
			return
		end
		if type(value) == "table" then
			into[name] = value
		elseif type(value) == "function" and not seen[value] then
			seen[value] = true
			upvalue_tables(into, value, seen)
		end
		i = i + 1
	end
end

return function(skynet, source, filename, args, internal)
	local output = {}
	local function print(...)
		local parts = { ... }
		for i, v in ipairs(parts) do
			parts[i] = tostring(v)
		end
		-- skynet's concat runs to 5.5's length: past a nil it raises
		output[#output + 1] = table.concat(parts, "\t", 1, border(parts, select("#", ...)))
	end
	if type(source) ~= "string" then -- skynet's raised in load, a traceback in the service
		return false, { "inject: the source is a " .. type(source) .. ", not a string" }
	end
	local u, p, seen = {}, {}, {}
	for name, value in pairs(internal or {}) do
		if type(value) == "table" then
			u[name] = value
		end
	end
	for _, v in pairs(u.proto or {}) do
		local name, dispatch = v.name, v.dispatch
		if name and type(dispatch) == "function" and not p[name] then
			p[name] = {}
			upvalue_tables(p[name], dispatch, seen)
		end
	end
	local env = setmetatable({ print = print, _U = u, _P = p }, { __index = _ENV })
	local chunk, err = load(source, filename and "@" .. filename or "=(load)", "bt", env)
	if not chunk then
		return false, { err }
	end
	local ok, run_err = pcall(chunk, table.unpack(args, 1, args.n))
	if not ok then
		output[#output + 1] = run_err
	end
	return ok, output
end
