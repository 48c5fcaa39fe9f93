-- env_forms: skynet.getenv/setenv with odd keys and values: a key with a space (the value is split at the
-- first space), a number key, an empty key, a value nil, a value with leading spaces, a key set twice, a
-- config key read as a number, and what getenv of each gives back afterwards.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local log = skynet.error

local function try(what, f, ...)
	log(what, pcall(f, ...))
end

skynet.start(function()
	try("setenv spaced key", skynet.setenv, "k1 part", "value")
	try("getenv k1", skynet.getenv, "k1")
	try("getenv spaced key", skynet.getenv, "k1 part")
	try("setenv number key", skynet.setenv, 42, "answer")
	try("getenv number key", skynet.getenv, 42)
	try("getenv number key as text", skynet.getenv, "42")
	try("setenv empty key", skynet.setenv, "", "empty")
	try("getenv empty key", skynet.getenv, "")
	try("setenv nil value", skynet.setenv, "k2", nil)
	try("getenv k2", skynet.getenv, "k2")
	try("setenv leading spaces", skynet.setenv, "k3", "   padded  ")
	try("getenv k3", function() return "[" .. skynet.getenv("k3") .. "]" end)
	try("setenv empty value", skynet.setenv, "k4", "")
	try("getenv k4", skynet.getenv, "k4")
	try("setenv k4 again", skynet.setenv, "k4", "x")
	try("setenv k3 again", skynet.setenv, "k3", "y")
	try("setenv table", skynet.setenv, "k5", {})
	try("getenv thread", function() local v = skynet.getenv("thread") return type(v), v end)
	try("getenv harbor", function() local v = skynet.getenv("harbor") return type(v), v end)
	try("getenv table", skynet.getenv, {})
	try("setenv newline", skynet.setenv, "k6", "a\nb")
	try("getenv k6", skynet.getenv, "k6")
	skynet.sleep(10)
	skynet.abort()
end)
