-- missing_things: a service that does not exist, and send/call with a protocol name nobody registered.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"

local log = skynet.error

skynet.start(function()
	log("newservice missing", pcall(skynet.newservice, "no_such_service_here"))
	log("after the missing service")
	log("send unknown", pcall(skynet.send, skynet.self(), "nosuchproto", 1, 2))
	log("call unknown", pcall(skynet.call, skynet.self(), "nosuchproto", "x"))
	log("send number", pcall(skynet.send, skynet.self(), 99, "x"))
	log("rawcall unknown", pcall(skynet.rawcall, skynet.self(), "nosuchproto", "x", 1))
	log("redirect unknown", pcall(skynet.redirect, skynet.self(), skynet.self(), "nosuchproto", 0, "x"))
	skynet.sleep(10)
	skynet.abort()
end)
