-- skynet.injectcode: run a piece of Lua source as if it were written inside a live function's frame.
--
--   local injectcode = require "skynet.injectcode"
--   local ok, ... = injectcode(source [, co [, level [, extra]]])
--
-- The frame is `level` calls up `co`'s stack (default: the running coroutine, where 0 is the function
-- that called injectcode; in another coroutine level 1 is the function that yielded). The source sees
-- that frame's locals, its function's upvalues (shared: an assignment writes through), its varargs as
-- `...`, and the names of `extra`. Assignments to the locals are written back when the source returns.
-- Returns true and the source's results, or false and the error (a compile error or a raised one).
-- Compiled as chunk "(debug)": the source's first line is line 3 of it, as in skynet, so error positions
-- read the same. skynet's debug_console `debug` command runs code this way.

local debug = debug

-- The chunk wrapping the source: every name declared as a local of the chunk, so that the body sees
-- them as upvalues we can set or join; the second function reads the frame's locals back by index.
local function wrap(names, source, readback)
	return "local " .. table.concat(names, ",") .. "\nreturn function(...)\n" .. source ..
		"\nend,\nfunction()\nreturn {" .. table.concat(readback) .. "}\nend\n"
end

-- Compile `source` against frame `level` of `co` (levels as debug.getinfo counts them from here).
local function bind(co, level, source, extra)
	local func = debug.getinfo(co, level, "f").func -- a level past the stack indexes nil, as skynet's does
	local names, readback = {}, {}
	local local_value, upvalue_index = {}, {}
	if extra then
		for name in pairs(extra) do names[#names + 1] = name end
	end
	local i = 1
	while true do
		local name, value = debug.getlocal(co, level, i)
		if name == nil then break end
		if name:sub(1, 1) ~= "(" then -- skip Lua's internal slots, "(temporary)", "(for state)"...
			names[#names + 1] = name
			readback[#readback + 1] = "[" .. i .. "]=" .. name .. ","
			local_value[name] = value
		end
		i = i + 1
	end
	i = 1
	while true do
		local name = debug.getupvalue(func, i)
		if name == nil then break end
		upvalue_index[name] = i
		names[#names + 1] = name
		i = i + 1
	end
	local chunk, err = load(wrap(names, source, readback), "=(debug)")
	if chunk == nil then
		return false, err
	end
	local body, update = chunk()
	-- Fill the body's upvalues: extra values, then the locals' values (a nil or false local is left
	-- nil), then the function's own upvalues joined so that writes reach them.
	i = 1
	while true do
		local name = debug.getupvalue(body, i)
		if name == nil then break end
		if extra and extra[name] then debug.setupvalue(body, i, extra[name]) end
		if local_value[name] then debug.setupvalue(body, i, local_value[name]) end
		if upvalue_index[name] then debug.upvaluejoin(body, i, func, upvalue_index[name]) end
		i = i + 1
	end
	-- The frame's varargs, gathered as a sequence up to the last one Lua reports.
	-- (Built from a one-item constructor, as skynet's is, so that a nil among them gives the same border.)
	local name, value = debug.getlocal(co, level, -1)
	if name == nil then
		return body, update
	end
	local varargs, n = { value }, 1
	while true do
		name, value = debug.getlocal(co, level, -(n + 1))
		if name == nil then break end
		n = n + 1
		varargs[n] = value
	end
	return body, update, table.unpack(varargs)
end

-- Run the bound body and write the locals back into frame `level` of `co`.
local function run(co, level, body, update, ...)
	if not body then
		return false, update
	end
	local results = table.pack(pcall(body, ...))
	if not results[1] then
		return false, results[2]
	end
	for index, value in pairs(update()) do
		debug.setlocal(co, level, index, value)
	end
	return table.unpack(results, 1, results.n)
end

return function(source, co, level, extra)
	local running = coroutine.running()
	co = co or running
	level = level or 0
	-- From bind, the caller of this function is 3 levels up (bind, this function, the caller); from
	-- run, reached by a tail call that replaces this function's frame, it is 2.
	local bind_level = co == running and level + 3 or level
	local run_level = co == running and level + 2 or level
	return run(co, run_level, bind(co, bind_level, source, extra))
end
