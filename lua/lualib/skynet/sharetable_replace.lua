-- skynet.sharetable_replace: after sharetable.update, every reference the service holds to a sub-table the new version dropped becomes nil.
--
-- skynet's update walks the whole Lua state and swaps each old table for its
-- new one, or for nil when the new version has no table at that key (even
-- when the key now holds a string or a number), so a
-- cached `local shields = items.shields` reads nil after an update that
-- removed shields. skyglass's proxies follow a new version by themselves
-- (each finds its node again by its key); only the proxies whose key is gone
-- need the walk, so it runs only when there are some. It visits what skynet's
-- does: tables (keys, values, metatables), functions' upvalues, coroutines'
-- stack frames (locals and functions), from the registry down.
local core = require "skynet.sharedata.core"

-- replace(stale): stale is the set of stale proxies (proxy -> true).
return function(stale)
	local seen = { [stale] = true }
	seen[seen] = true

	local visit

	local function visit_table(t)
		if core.is_proxy(t) then
			return -- a live proxy holds nothing of the service's
		end
		visit(debug.getmetatable(t))
		local values, keys = {}, {}
		for k, v in next, t do
			if stale[k] then
				keys[#keys + 1] = k
			else
				visit(k)
			end
			if stale[v] then
				values[#values + 1] = k
			else
				visit(v)
			end
		end
		for _, k in ipairs(values) do
			rawset(t, k, nil)
		end
		for _, k in ipairs(keys) do
			rawset(t, k, nil)
		end
	end

	local function visit_function(f)
		for i = 1, math.huge do
			local name, v = debug.getupvalue(f, i)
			if name == nil then
				break
			end
			if stale[v] then
				debug.setupvalue(f, i, nil)
			else
				visit(v)
			end
		end
	end

	local function visit_thread(co)
		local level = co == coroutine.running() and 1 or 0
		while true do
			local info = debug.getinfo(co, level, "f")
			if info == nil then
				break
			end
			visit(info.func)
			for i = 1, math.huge do
				local name, v = debug.getlocal(co, level, i)
				if name == nil then
					break
				end
				if stale[v] then
					debug.setlocal(co, level, i, nil)
				else
					visit(v)
				end
			end
			level = level + 1
		end
	end

	local by_type = { table = visit_table, ["function"] = visit_function, thread = visit_thread }

	function visit(v)
		local f = by_type[type(v)]
		if f and not seen[v] then
			seen[v] = true
			f(v)
		end
	end

	visit(coroutine.running())
	visit(debug.getregistry())
end
