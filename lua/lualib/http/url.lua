-- http.url: split a request target into path and query, and a query into fields.
local url = {}

-- "%41" -> "A", "+" -> " " (form encoding). As skynet's, any two characters
-- after a "%" are read as hex: "%zz" raises string.char's "bad argument #1 to
-- 'char' (number expected, got nil)" from here.
local function hex_char(h)
	return string.char(tonumber(h, 16))
end

local function decode(s)
	s = s:gsub("+", " ")
	return (s:gsub("%%(..)", hex_char))
end

-- parse("/a%20b?x=1") -> "/a b", "x=1" (the query stays encoded).
function url.parse(u)
	local path, query = u:match("^([^?]*)%??(.*)$")
	return decode(path), query
end

-- parse_query("a=1&b=2&a=3") -> { a = { "1", "3" }, b = "2" }
function url.parse_query(q)
	local r = {}
	-- skynet's pattern: a key is everything up to the next "=", so "d&a=2"
	-- (a key without a value before it) is the key "d&a"
	for k, v in q:gmatch("(.-)=([^&]*)&?") do
		k, v = decode(k), decode(v)
		local old = r[k]
		if old == nil then
			r[k] = v
		elseif type(old) == "table" then
			old[#old + 1] = v
		else
			r[k] = { old, v }
		end
	end
	return r
end

return url
