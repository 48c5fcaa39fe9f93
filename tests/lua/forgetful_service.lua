-- forgetful_service: a helper for log_lines.sh: forgets to answer, raises, exits.
local skynet = require "skynet"

skynet.start(function()
	skynet.dispatch("lua", function(session, source, cmd)
		if cmd == "fail" then
			error("failing on purpose")
		elseif cmd == "exit" then
			skynet.exit()
		end
		-- "forget": no answer
	end)
end)
