-- service_provider: keeps skynet.service's named services: starts each once in a service_cell, answers who it is.
local skynet = require "skynet"
require "skynet.manager"

local provider = {}

-- name -> { address, booting, queue (responses waiting while it boots), error, init, time }
local named = setmetatable({}, { __index = function(t, name)
	local entry = { queue = {} }
	t[name] = entry
	return entry
end })

function provider.query(name)
	local s = named[name]
	if s.queue then
		s.queue[#s.queue + 1] = skynet.response()
	elseif s.address then
		skynet.retpack(s.address)
	else
		error(s.error)
	end
end

local function boot(address, name, code, ...)
	skynet.call(address, "lua", "init", code, ...)
	local args = table.pack(...)
	for i = 1, args.n do
		args[i] = tostring(args[i])
	end
	local s = named[name]
	if args.n > 0 then
		s.init = table.concat(args, ",")
	end
	s.time = skynet.time()
end

local function answer_waiting(s, ok, address)
	for _, resp in ipairs(s.queue) do
		resp(ok, address)
	end
	s.queue = nil
end

function provider.launch(name, code, ...)
	local s = named[name]
	if s.address then
		return skynet.retpack(s.address)
	end
	if s.booting then
		s.queue[#s.queue + 1] = skynet.response()
		return
	end
	s.booting = true
	local ok, address = pcall(skynet.newservice, "service_cell", name)
	local err
	if ok then
		ok, err = xpcall(boot, debug.traceback, address, name, code, ...)
	else
		err, address = address, nil
	end
	s.booting = nil
	if ok then
		s.address = address
		answer_waiting(s, true, address)
		skynet.retpack(address)
	else
		if address then
			skynet.send(address, "debug", "EXIT")
		end
		s.error = err
		answer_waiting(s, false)
		error(err)
	end
end

-- address; or nil, true while it boots; or nil when unknown.
function provider.test(name)
	local s = rawget(named, name)
	if s and s.booting then
		skynet.retpack(nil, true)
	elseif s and s.address then
		skynet.retpack(s.address)
	elseif s and s.error then
		error(s.error)
	else
		skynet.ret()
	end
end

function provider.close(name)
	local s = rawget(named, name)
	if not s or s.booting then
		return skynet.retpack(nil)
	end
	named[name] = nil
	skynet.retpack(s.address)
end

skynet.start(function()
	-- infrastructure, as the launcher: it does not keep an idle node running
	skynet.daemon()
	skynet.dispatch("lua", function(_, _, cmd, ...)
		provider[cmd](...)
	end)
	skynet.info_func(function()
		local info = {}
		for name, s in pairs(named) do
			local status
			if s.booting then
				status = "booting"
			elseif s.queue then
				status = "waiting(" .. #s.queue .. ")"
			end
			info[skynet.address(s.address or 0)] = {
				init = s.init, name = name, status = status,
				time = s.time and os.date("%Y %b %d %T %z", math.floor(s.time)),
			}
		end
		return info
	end)
end)
