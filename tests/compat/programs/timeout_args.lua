-- timeout_args: what a skynet.timeout function is called with (the answer: true, msg, sz, session), and
-- timeouts of 0, of a string and of 1 set in one go, in firing order; a fork's arguments.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
skynet.start(function()
	-- The ones that fire at once are set first: under TSan a tick passed
	-- between the calls once, and the timeout of 1 fired before the 0 was set.
	skynet.timeout("x", function(...) skynet.error("timeout x args", select("#", ...), ...) end)
	skynet.timeout(0, function(...) skynet.error("timeout 0 args", select("#", ...), ...) end)
	skynet.timeout(1, function(...) skynet.error("timeout args", select("#", ...), ...) end)
	skynet.timeout("3", function(...) skynet.error("timeout '3' args", select("#", ...), ...) end)
	skynet.fork(function(...) skynet.error("fork args", select("#", ...), ...) end)
	skynet.fork(function(...) skynet.error("fork with args", select("#", ...), ...) end, 1, nil, "three")
	skynet.sleep(10)
	skynet.timeout(1, function(...) skynet.error("pooled timeout args", select("#", ...), ...) end)
	skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
	skynet.abort()
end)
