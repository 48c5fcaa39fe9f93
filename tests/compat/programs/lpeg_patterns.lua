-- lpeg_patterns: LPeg as a service uses it to parse text (skynet links LPeg for sprotoparser, so programs
-- find it): a small grammar for "key=value;" lines, captures (C, Cc, Cg, Ct, Cs, Cf, Cp, Cb, Cmt,
-- /function, /table, /string), matches that fail, an init position, and the refusals a user meets
-- (a left-recursive rule, an undefined rule, a bad range, a bad capture index, a pattern of a bad type).
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local lpeg = require "lpeg"

local P, R, S, V, C, Cc, Cg, Ct, Cs, Cp, Cb, Cmt = lpeg.P, lpeg.R, lpeg.S, lpeg.V, lpeg.C, lpeg.Cc,
	lpeg.Cg, lpeg.Ct, lpeg.Cs, lpeg.Cp, lpeg.Cb, lpeg.Cmt

-- Tables are logged as their sorted "k=v" pairs, so the log does not depend on pairs order.
local function show(v)
	if type(v) ~= "table" then return tostring(v) end
	local out = {}
	for k, x in pairs(v) do out[#out + 1] = tostring(k) .. "=" .. show(x) end
	table.sort(out)
	return "{" .. table.concat(out, ",") .. "}"
end

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	for i = 2, r.n do r[i] = show(r[i]) end
	skynet.error(what, table.unpack(r, 1, r.n))
end

skynet.start(function()
	local space = S" \t" ^ 0
	local name = C(R("az", "AZ", "__") * R("az", "AZ", "09", "__") ^ 0)
	local number = (P"-" ^ -1 * R"09" ^ 1) / tonumber
	local str = P'"' * C((1 - P'"') ^ 0) * P'"'
	local value = number + str + name
	local pair = Cg(space * name * space * "=" * space * value * space * ";")
	local config = Ct(pair ^ 0) * -1
	try("config", lpeg.match, config, 'a = 1; name="skynet"; neg=-42; word = hello;')
	try("config bad", lpeg.match, config, "a = 1; b == 2;")
	try("config empty", lpeg.match, config, "")

	try("C", lpeg.match, C(P"ab") * C(P"c"), "abcd")
	try("Cc", lpeg.match, P"x" * Cc(1, "two", true), "xy")
	try("Cp", lpeg.match, P"ab" * Cp(), "abc")
	try("Cs", lpeg.match, Cs((P"cat" / "dog" + 1) ^ 0), "a cat and a cat")
	try("Cf", lpeg.match, lpeg.Cf(C(R"09" ^ 1) * ("," * C(R"09" ^ 1)) ^ 0, function(a, b) return a + b end),
		"1,20,300")
	try("Cb", lpeg.match, Cg(C(R"az" ^ 1), "tag") * ":" * Cb("tag"), "abc:")
	try("Cmt", lpeg.match, Cmt(C(R"09" ^ 1), function(_, pos, d)
		if tonumber(d) > 10 then return pos, "big" end
		return false
	end), "42")
	try("Cmt refuses", lpeg.match, Cmt(C(R"09" ^ 1), function() return false end), "5")
	try("div table", lpeg.match, C(R"az" ^ 1) / { yes = 1, no = 0 }, "yes")
	try("div table miss", lpeg.match, C(R"az" ^ 1) / { yes = 1 }, "maybe")
	try("div index", lpeg.match, (C"a" * C"b") / "%2%1%0", "ab")
	try("Ct named", lpeg.match, Ct(Cg(C"a", "first") * C"b" * C"c"), "abc")
	try("init", lpeg.match, C(R"az" ^ 1), "123abc", 4)
	try("init negative", lpeg.match, C(R"az" ^ 1), "123abc", -2)
	try("init past end", lpeg.match, P(0), "abc", 10)
	try("no match", lpeg.match, P"z", "abc")
	try("P number", lpeg.match, P(3), "abcd")
	try("P negative", lpeg.match, P(-3), "ab")
	try("P true", lpeg.match, P(true), "x")
	try("P false", lpeg.match, P(false), "x")
	try("S empty", lpeg.match, S"", "a")
	try("and not", lpeg.match, #P"a" * C(1) * -P"c", "ab")

	local g = P{ "list",
		list = Ct(V"item" * ("," * V"item") ^ 0),
		item = V"num" + V"paren",
		num = R"09" ^ 1 / tonumber,
		paren = "(" * V"list" * ")",
	}
	try("grammar", lpeg.match, g, "1,(2,3),((4))")
	try("grammar fail", lpeg.match, g, ",1")

	-- The refusals: each is raised when the pattern is built or matched.
	try("left recursion", function() return lpeg.match(P{ "a", a = V"a" * "x" + "y" }, "yx") end)
	try("undefined rule", function() return lpeg.match(P{ "a", a = V"b" }, "x") end)
	try("no initial rule", function() return P{ a = P"x" } end)
	try("bad range", R, "abc")
	try("P of table value", function() return P{ [1] = "x", x = 42 } end)
	try("match of a number", lpeg.match, 42, "x")
	try("P of function", function() return lpeg.match(P(function() return true end), "x") end)
	try("loop empty", function() return P(true) ^ 0 end)
	try("bad capture index", lpeg.match, C"a" / "%3", "a")
	try("Cb unknown", lpeg.match, Cb("nope"), "a")
	try("type", function() return lpeg.type(P"x"), lpeg.type(42), lpeg.type({}) end)
	try("locale", function() local l = lpeg.locale() return type(l.alpha), lpeg.match(l.digit ^ 1 * Cp(), "123a") end)
	skynet.sleep(10)
	skynet.abort()
end)
