-- utf8_names: player-name checks as chat and login services write them with the utf8 library: lengths,
-- code points and offsets of valid names (CJK, emoji, accents), each kind of invalid byte sequence
-- (a stray continuation byte after a character or first, a cut sequence, overlong, a surrogate, past
-- U+10FFFF, five and six bytes) through utf8.len, utf8.codes (strict and lax), utf8.codepoint and
-- utf8.charpattern; and string.dump and coroutine.resume given the wrong thing.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local log = skynet.error

-- digits as letters, so the masks (which hide numbers of two digits or more) leave them
local function L(v) return (tostring(v):gsub("%d", function(d) return string.char(97 + tonumber(d)) end)) end

local function show(name, f, ...)
	local r = table.pack(pcall(f, ...))
	local out = {}
	for i = 1, r.n do
		local v = r[i]
		if type(v) == "string" then v = v:gsub("^[^:]*:%d+: ", "POS: ") end
		out[#out + 1] = L(v)
	end
	log(name, L(r.n), table.concat(out, " | "))
end

local function codes(s, lax)
	local out = {}
	for p, c in utf8.codes(s, lax) do out[#out + 1] = p .. "=" .. c end
	return table.concat(out, ",")
end

-- what a login service accepts: 2..12 characters, letters of any script, no control codes
local function valid_name(s)
	local n = utf8.len(s)
	if not n then return false, "not utf8" end
	if n < 2 or n > 12 then return false, "length " .. n end
	for _, c in utf8.codes(s) do
		if c < 32 or c == 127 then return false, "control " .. c end
	end
	return true, n
end

skynet.start(function()
	local names = { "bob", "Zo\u{eb}", "\u{5f20}\u{4e09}", "\u{1f600}x", "a", "\u{41}\u{30a}", "tab\there",
		string.rep("\u{4e00}", 13), "" }
	for i, s in ipairs(names) do
		show("name " .. L(i), valid_name, s)
		show("codes " .. L(i), codes, s)
	end
	local bad = {
		{ "stray after", "a\x80" }, { "stray first", "\x80a" }, { "cut", "\xe4\xb8" }, { "overlong", "\xc0\xaf" },
		{ "surrogate", "\xed\xa0\x80" }, { "past 10FFFF", "\xf4\x90\x80\x80" }, { "five bytes", "\xf8\x88\x80\x80\x80" },
		{ "six bytes", "\xfc\x84\x80\x80\x80\x80" }, { "lead FE", "\xfe" }, { "two strays", "ab\x80\x80c" },
	}
	for _, case in ipairs(bad) do
		local what, s = case[1], case[2]
		show(what .. " len", utf8.len, s)
		show(what .. " len lax", utf8.len, s, 1, -1, true)
		show(what .. " codes", codes, s)
		show(what .. " codes lax", codes, s, true)
		show(what .. " codepoint", utf8.codepoint, s, 1, -1)
		show(what .. " pattern", function() local n = 0 for _ in s:gmatch(utf8.charpattern) do n = n + 1 end return n end)
	end
	show("char", function() return utf8.char(72, 0x5f20, 0x1f600, 0x10ffff) == "H\u{5f20}\u{1f600}\u{10ffff}" end)
	show("char past", function() return #utf8.char(0x7fffffff) end)
	show("codepoint range", utf8.codepoint, "h\u{e9}llo", 1, 3)
	show("codepoint mid", utf8.codepoint, "h\u{e9}llo", 3)
	show("offsets", function()
		local s, out = "a\u{e9}\u{5f20}\u{1f600}", {}
		for i = -4, 5 do out[#out + 1] = tostring(utf8.offset(s, i)) end
		return table.concat(out, " ")
	end)
	show("dump C function", string.dump, print)
	show("dump nothing", string.dump)
	show("dump Lua function", function() return type(string.dump(function() return 1 end)) end)
	show("resume a number", function()
		local ok, err = pcall(coroutine.resume, 5)
		return ok, (err:match("%((.*)%)"))
	end)
	show("resume dead", function()
		local co = coroutine.create(function() end)
		coroutine.resume(co)
		return coroutine.resume(co)
	end)
	skynet.sleep(10)
	skynet.abort()
end)
