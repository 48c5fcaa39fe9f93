-- trace_batch: a helper for test_runtime's traced-batch case: a burst of one-way sends and a few calls to batch_service, so its C steps (lua/batch_step.cpp, lua/task_end.cpp) run while tracing.
local skynet = require "skynet"
require "skynet.manager" -- skynet.abort

skynet.start(function()
	local s = skynet.newservice("batch_service")
	-- queued before s runs any of them (this task does not yield in
	-- between), so s takes them as one batch: the step between two of them
	-- is batch_step's
	for i = 1, 100 do
		skynet.send(s, "lua", "rec", i)
	end
	-- one request at a time: each task ends with nothing of its batch left
	-- (task_end's path), answered through skynet.ret (ret_step's)
	for i = 1, 5 do
		assert(skynet.call(s, "lua", "echo", i) == i)
	end
	local log = skynet.call(s, "lua", "log")
	assert(select(2, log:gsub("m%d+", "")) == 100, log)
	skynet.abort(0)
end)
