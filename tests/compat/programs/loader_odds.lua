-- loader_odds: newservice of a script whose main chunk raises, SERVICE_NAME/SERVICE_PATH. (A script that does not compile is checked by tests/lua/log_lines.sh: Lua cuts its long path to 60 characters, so the line depends on the checkout's folder.)
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local log = skynet.error
skynet.start(function()
	log("main raises", pcall(skynet.newservice, "loader_odds_raise"))
	log("SERVICE_NAME", SERVICE_NAME, type(SERVICE_PATH))
	skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
	skynet.abort()
end)
