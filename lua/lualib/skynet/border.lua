-- skynet.border: the length Lua 5.5 (skynet's Lua) gives `#` of a fresh `{ ... }` holding nils.
--
-- skynet's services join or walk `{ ... }` by its length; where a nil sits
-- among the values that length is 5.5's, which our 5.4 does not always give.
-- The launcher (newservice's arguments) and skynet.inject's print use it.

-- The border Lua 5.5 finds in a fresh `{ ... }` of n values (luaH_getn: its
-- array holds the n values, its hint starts at n // 2; up to four steps from
-- the hint, then a binary search), so a nil among the arguments cuts them
-- where skynet's `table.concat({...})` does: ("a", nil, "c") after the name
-- is "name a" (5.4's border there is the end, and concat raises).
local function border(args, n)
	if n == 0 then
		return 0
	end
	local limit = math.max(n // 2, 1)
	local i, j
	if args[limit] == nil then
		for _ = 1, 4 do
			if limit <= 1 then break end
			limit = limit - 1
			if args[limit] ~= nil then return limit end
		end
		i, j = 0, limit
	else
		for _ = 1, 4 do
			if limit >= n then break end
			limit = limit + 1
			if args[limit] == nil then return limit - 1 end
		end
		if args[n] ~= nil then
			return n
		end
		i, j = limit, n
	end
	while j - i > 1 do
		local m = (i + j) // 2
		if args[m] == nil then j = m else i = m end
	end
	return i
end

return border
