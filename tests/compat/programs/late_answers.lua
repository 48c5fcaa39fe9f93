-- late_answers: answers given late or oddly: a response closure answered from a fork and from a timeout, a response taken after ret and ret after response, ignoreret then response, ret of nothing / an empty string / nil holes, retpack of nils, a response's pack raising, a response answered after its task raised.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"

local mode = ...
local log = skynet.error

if mode == "server" then
	local CMD = {}
	function CMD.fork_answer()
		local resp = skynet.response()
		skynet.fork(function()
			skynet.yield()
			log("fork answers", resp(true, "from a fork"))
		end)
	end
	function CMD.timeout_answer()
		local resp = skynet.response()
		skynet.timeout(1, function()
			log("timeout answers", resp(true, "from a timeout"))
		end)
	end
	function CMD.ret_then_response()
		skynet.retpack("ret first")
		log("response after ret", pcall(skynet.response))
	end
	function CMD.response_then_ret()
		local resp = skynet.response()
		log("ret after response", pcall(skynet.retpack, "ret second"))
		log("resp still", resp(true, "resp answers"))
	end
	function CMD.ignore_then_response()
		skynet.ignoreret()
		log("response after ignoreret", pcall(skynet.response))
	end
	function CMD.ret_nothing()
		skynet.ret()
	end
	function CMD.ret_empty()
		skynet.ret("")
	end
	function CMD.retpack_nils()
		skynet.retpack(nil, nil)
	end
	function CMD.retpack_holes()
		skynet.retpack(1, nil, nil, 4, nil)
	end
	function CMD.bad_pack()
		local resp = skynet.response(function() error("pack refuses") end)
		log("bad pack", pcall(resp, true, "x"))
		log("bad pack again", pcall(resp, true, "y"))
	end
	function CMD.raise_after_response()
		local resp = skynet.response()
		skynet.fork(function()
			skynet.sleep(1)
			log("answer after the task raised", resp(true, "late"))
		end)
		error("task raises holding a response")
	end
	function CMD.resp_false_then_test()
		local resp = skynet.response()
		log("answer false", resp(false))
		log("then TEST", resp("TEST"))
	end
	function CMD.resp_bad_ok()
		local resp = skynet.response()
		log("answer with a non-boolean", pcall(resp, "yes", "value"))
	end
	skynet.start(function()
		skynet.dispatch("lua", function(session, source, cmd, ...)
			CMD[cmd](...)
		end)
	end)
	return
end

skynet.start(function()
	local s = skynet.newservice(SERVICE_NAME, "server")
	local function try(cmd)
		local r = table.pack(pcall(skynet.call, s, "lua", cmd))
		log(cmd, r.n, table.unpack(r, 1, r.n))
	end
	try "fork_answer"
	try "timeout_answer"
	try "ret_then_response"
	try "response_then_ret"
	skynet.send(s, "lua", "ignore_then_response")
	try "ret_nothing"
	local msg, sz = skynet.rawcall(s, "lua", skynet.pack("ret_nothing"))
	log("rawcall of ret nothing", msg, sz)
	try "ret_empty"
	try "retpack_nils"
	try "retpack_holes"
	skynet.fork(function() try "bad_pack" end)
	skynet.sleep(5)
	try "raise_after_response"
	skynet.sleep(5)
	try "resp_false_then_test"
	skynet.fork(function() try "resp_bad_ok" end)
	skynet.sleep(20)
	skynet.abort()
end)
