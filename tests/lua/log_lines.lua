-- log_lines: makes the runtime print skynet's log lines (checked by log_lines.sh): KILL, Maybe forgot response, lua call error, sharedatad's failures.
local skynet = require "skynet"
require "skynet.manager"

skynet.start(function()
	local s = skynet.newservice("forgetful_service")
	skynet.fork(skynet.call, s, "lua", "forget")
	pcall(skynet.call, s, "lua", "fail")
	local victim = skynet.newservice("forgetful_service")
	skynet.error(string.format("victim is %x", victim))
	skynet.kill(victim)
	local quitter = skynet.newservice("forgetful_service")
	skynet.send(quitter, "lua", "exit")
	-- a debug TERM is never answered, and nothing is logged for it
	local other = skynet.newservice("forgetful_service")
	skynet.fork(skynet.call, other, "debug", "TERM", skynet.self())
	-- a snax method raising: its traceback has no "(...tail calls...)" (snaxd's frames, as skynet's)
	local snax = require "skynet.snax"
	local counter = snax.newservice("counter_snax", "log_lines")
	pcall(counter.req.fail)
	-- a script that does not compile: skynet's loader raises it as a miss
	pcall(skynet.newservice, "bad_syntax")
	-- sharedatad's failures, logged in skynet's words
	local sharedata = require "skynet.sharedata"
	sharedata.new("twice", {})
	pcall(sharedata.new, "twice", {})
	pcall(sharedata.query, "nothing_here")
	skynet.sleep(5)
	skynet.abort(0)
end)
