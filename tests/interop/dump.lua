-- dump: a value as one line of text (keys sorted, numbers with their subtype, bytes
-- outside printable ASCII in hex), so two runtimes' values compare as text.
local function dump(v)
	if type(v) == "table" then
		local keys = {}
		for k in pairs(v) do keys[#keys + 1] = k end
		table.sort(keys, function(a, b)
			if type(a) == type(b) then return a < b end
			return type(a) < type(b)
		end)
		local parts = {}
		for _, k in ipairs(keys) do parts[#parts + 1] = dump(k) .. "=" .. dump(v[k]) end
		return "{" .. table.concat(parts, ",") .. "}"
	elseif math.type(v) == "integer" then
		return "i" .. v
	elseif math.type(v) == "float" then
		return string.format("f%.17g", v)
	elseif type(v) == "string" and v:find("[^\32-\126]") then
		return "hex:" .. v:gsub(".", function(c) return string.format("%02x", c:byte()) end)
	end
	return type(v) .. ":" .. tostring(v)
end

return dump
