-- snax.hotfix: replaces a running snax service's methods with new code that keeps the old state.
--
-- The patch is a snax file of its own: it redefines some accept/response
-- methods. Its functions' upvalues that it leaves unset (a bare `local count`)
-- or its global environment are joined to the running functions' upvalues of
-- the same name, so the new code reads and writes the old state.
local interface = require "snax.interface"

-- The patch runs with a copy of the globals; spotting this copy tells which
-- upvalue is the patch's _ENV.
local patch_env = {}
for k, v in pairs(_ENV) do
	patch_env[k] = v
end

local function env_id(f)
	for i = 1, math.huge do
		local name = debug.getupvalue(f, i)
		if name == nil then
			return nil
		end
		if name == "_ENV" then
			return debug.upvalueid(f, i)
		end
	end
end

-- Every upvalue the running methods reach, by name: { func, index, id }.
local function collect(f, found, env)
	for i = 1, math.huge do
		local name, value = debug.getupvalue(f, i)
		if name == nil then
			break
		end
		local id = debug.upvalueid(f, i)
		local seen = found[name]
		if seen then
			assert(seen.id == id, string.format("ambiguity local value %s", name))
		else
			found[name] = { func = f, index = i, id = id }
			if type(value) == "function" and env_id(value) == env then
				collect(value, found, env)
			end
		end
	end
end

local function running_upvalues(methods)
	local found = {}
	for _, m in pairs(methods) do
		if m[4] then
			collect(m[4], found, env_id(m[4]))
		end
	end
	return found
end

local function join(found, f)
	for i = 1, math.huge do
		local name, value = debug.getupvalue(f, i)
		if name == nil then
			break
		end
		if value == nil or value == patch_env then
			local old = found[name]
			if old then
				debug.upvaluejoin(f, i, old.func, old.index)
			end
		elseif type(value) == "function" then
			join(found, value)
		end
	end
end

local function find(methods, group, name)
	for _, m in pairs(methods) do
		if m[2] == group and m[3] == name then
			return m
		end
	end
end

local function apply(methods, source, ...)
	local patch = interface("patch", patch_env, function(_, _, G)
		return load(source, "=patch", "bt", G)
	end)
	local found = running_upvalues(methods)
	for _, m in pairs(patch) do
		local group, name, f = m[2], m[3], m[4]
		if f then
			local target = assert(find(methods, group, name), string.format("Patch mismatch %s.%s", group, name))
			join(found, f)
			target[4] = f
		end
	end
	local hotfix = find(patch, "system", "hotfix")
	if hotfix and hotfix[4] then
		return hotfix[4](...)
	end
end

-- hotfix(methods, source, ...) -> true, results of the patch's hotfix(...) | false, error
return function(methods, source, ...)
	return pcall(apply, methods, source, ...)
end
