-- snax.interface: loads a snax service file and lists its methods: accept.* (sends), response.* (calls), and the system ones.
--
-- Both ends load the same file this way (the caller with a dummy `require`),
-- so a method's number is the same on both: the system methods init, exit,
-- hotfix, profile are 1-4, then accept/response methods in the order the
-- file defines them. Each entry is { id, group, name, function }.
local skynet = require "skynet"

local SYSTEM = { "init", "exit", "hotfix", "profile" }

-- Find `name` along the `;`-separated patterns; returns the chunk and the pattern.
local function default_loader(path, name, G)
	local errors = {}
	for pattern in path:gmatch("[^;]+") do
		local filename = pattern:gsub("?", name)
		local f, err = loadfile(filename, "bt", G)
		if f then
			return f, pattern
		end
		errors[#errors + 1] = err
	end
	error(table.concat(errors, "\n"))
end

return function(name, G, loader)
	loader = loader or default_loader
	assert(getmetatable(G) == nil, "snax: the service's environment must have no metatable")
	for _, reserved in ipairs { "init", "exit", "accept", "response" } do
		assert(G[reserved] == nil, "snax: global " .. reserved .. " is reserved")
	end

	local methods = {}
	for id, system_name in ipairs(SYSTEM) do
		methods[id] = { id, "system", system_name }
		SYSTEM[system_name] = id
	end

	-- accept.name = f / response.name = f append a method.
	local function group(group_name)
		local seen = {}
		return setmetatable({}, { __newindex = function(_, method, f)
			if type(method) ~= "string" then
				error(string.format("%s method only support string", group_name))
			end
			if type(f) ~= "function" then
				error(string.format("%s.%s must be function", group_name, method))
			end
			if seen[method] then
				error(string.format("%s.%s duplicate definition", group_name, method))
			end
			seen[method] = true
			methods[#methods + 1] = { #methods + 1, group_name, method, f }
		end })
	end

	-- While the file runs, its globals go to a side table (so that the system
	-- names init/exit/... become methods), and accept/response are visible.
	local globals = {}
	local env = setmetatable({ accept = group("accept"), response = group("response") }, { __index = globals })
	local function define(_, key, value)
		local id = SYSTEM[key]
		if id then
			if type(value) ~= "function" then
				error(string.format("%s must be a function", key))
			end
			methods[id][4] = value
		else
			globals[key] = value
		end
	end

	local path = assert(skynet.getenv "snax", "please set snax in config file")
	local main, pattern = loader(path, name, G)
	setmetatable(G, { __index = env, __newindex = define })
	local ok, err = xpcall(main, debug.traceback)
	setmetatable(G, nil)
	assert(ok, err)
	for k, v in pairs(globals) do
		G[k] = v
	end
	return methods, pattern
end
