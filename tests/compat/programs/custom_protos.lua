-- custom_protos: protocols registered by users (string pack/unpack, PTYPE_TEXT with skynet.tostring, PTYPE_CLIENT raw bytes, an unpack that raises, a pack with several results), skynet.dispatch replaced at runtime, rawsend/rawcall/redirect with them.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"

local mode = ...
local log = skynet.error

-- a line protocol: fields joined by "|"
local function line_pack(...)
	local t = table.pack(...)
	for i = 1, t.n do t[i] = tostring(t[i]) end
	return table.concat(t, "|", 1, t.n)
end
local function line_unpack(msg, sz)
	local s = skynet.tostring(msg, sz)
	local t = {}
	for f in string.gmatch(s, "[^|]+") do t[#t + 1] = f end
	return table.unpack(t)
end

if mode == "server" then
	skynet.register_protocol { name = "line", id = 100, pack = line_pack, unpack = line_unpack }
	skynet.register_protocol { name = "text", id = skynet.PTYPE_TEXT, unpack = skynet.tostring }
	skynet.register_protocol { name = "client", id = skynet.PTYPE_CLIENT, unpack = function(msg, sz) return msg, sz end }
	skynet.register_protocol { name = "nounpack", id = 105 }
	skynet.register_protocol { name = "bad", id = 101, unpack = function(msg, sz) error("cannot unpack " .. sz) end }
	skynet.register_protocol { name = "multi", id = 102,
		pack = function(...) return skynet.pack(...) end,
		unpack = function(msg, sz) return "first", skynet.unpack(msg, sz) end }
	skynet.start(function()
		skynet.dispatch("line", function(session, source, cmd, ...)
			log("line request", session > 0, cmd, select("#", ...), ...)
			if session > 0 then
				skynet.ret(line_pack("ok", cmd, ...))
			end
		end)
		skynet.dispatch("text", function(session, source, text)
			log("text request", session > 0, type(text), text)
			if session > 0 then
				skynet.ret("echo:" .. text)
			end
		end)
		skynet.dispatch("client", function(session, source, msg, sz)
			log("client request", session, type(msg), sz, skynet.tostring(msg, sz))
			if session > 0 then
				skynet.ret(skynet.tostring(msg, sz)) -- a copy: the message is freed after the dispatch
			end
		end)
		skynet.dispatch("bad", function(session, source, ...)
			log("bad reached the handler (should not)", ...)
		end)
		skynet.dispatch("nounpack", function(session, source, ...)
			log("nounpack reached the handler (should not)", ...)
		end)
		skynet.dispatch("multi", function(session, source, ...)
			log("multi", select("#", ...), ...)
			skynet.retpack(...)
		end)
		local generation = 1
		local function v1(session, source, cmd)
			if cmd == "swap" then
				local old = skynet.dispatch("lua", function(s, src, c2)
					log("v2 handles", c2)
					if c2 == "back" then
						local cur = skynet.dispatch("lua", v1)
						log("v2 swapped back, old is v2", type(cur))
						generation = generation + 1
					end
					skynet.retpack("v2", c2, generation)
				end)
				log("swapped, old is v1", old == v1)
				skynet.retpack("v1", cmd, generation)
			else
				log("v1 handles", cmd)
				skynet.retpack("v1", cmd, generation)
			end
		end
		skynet.dispatch("lua", v1)
		log("dispatch with no function returns", skynet.dispatch("lua") == v1)
	end)
	return
end

skynet.start(function()
	skynet.register_protocol { name = "line", id = 100, pack = line_pack, unpack = line_unpack }
	skynet.register_protocol { name = "text", id = skynet.PTYPE_TEXT, pack = function(s) return s end, unpack = skynet.tostring }
	skynet.register_protocol { name = "client", id = skynet.PTYPE_CLIENT, pack = function(...) return ... end, unpack = function(msg, sz) return msg, sz end }
	skynet.register_protocol { name = "bad", id = 101, pack = skynet.pack }
	skynet.register_protocol { name = "multi", id = 102, pack = skynet.pack, unpack = skynet.unpack }
	skynet.register_protocol { name = "nounpack", id = 105, pack = skynet.pack }
	local s = skynet.newservice(SERVICE_NAME, "server")
	-- the line protocol, call and send
	log("line call", skynet.call(s, "line", "add", 1, 2.5, true))
	skynet.send(s, "line", "note", "x")
	log("line call of nothing", skynet.call(s, "line", "empty"))
	-- text with skynet.tostring
	log("text call", skynet.call(s, "text", "hello world"))
	skynet.send(s, "text", "just a note")
	-- raw bytes: a string, then a packed pointer
	local msg, sz = skynet.rawcall(s, "client", "raw bytes")
	log("client rawcall", type(msg), sz, skynet.tostring(msg, sz))
	local pmsg, psz = skynet.pack("packed", 42)
	local rmsg, rsz = skynet.rawcall(s, "client", pmsg, psz)
	log("client rawcall of a pointer", rsz == psz, skynet.unpack(rmsg, rsz))
	log("client call", skynet.call(s, "client", "via call"))
	-- an unpack that raises in the server
	-- (skynet unpacks outside the handler's task: a call would never be answered)
	skynet.fork(function() log("bad call returned (should not)", pcall(skynet.call, s, "bad", "x")) end)
	skynet.send(s, "bad", "y")
	-- a protocol the server registered without unpack
	skynet.send(s, "nounpack", "x")
	-- an unpack giving more values than were packed
	log("multi call", skynet.call(s, "multi", 1, nil, 3))
	-- rawsend and redirect of the line protocol
	skynet.rawsend(s, "line", line_pack("raw", "sent"))
	skynet.redirect(s, skynet.self(), "line", 0, line_pack("redirected", 7))
	log("line after raw", skynet.call(s, "line", "sync"))
	-- the dispatch function replaced at runtime
	log("lua 1", skynet.call(s, "lua", "a"))
	log("lua swap", skynet.call(s, "lua", "swap"))
	log("lua 2", skynet.call(s, "lua", "b"))
	log("lua back", skynet.call(s, "lua", "back"))
	log("lua 3", skynet.call(s, "lua", "c"))
	-- register_protocol misuse in the caller
	log("register a taken name", pcall(skynet.register_protocol, { name = "line", id = 103 }))
	log("register a taken id", pcall(skynet.register_protocol, { name = "line2", id = 100 }))
	log("register id 256", pcall(skynet.register_protocol, { name = "big", id = 256 }))
	log("pack of a protocol without pack", pcall(skynet.call, s, "nopack"))
	skynet.register_protocol { name = "nopack", id = 104 }
	log("call of a protocol without pack", pcall(skynet.call, s, "nopack", "x"))
	log("send of a protocol without pack", pcall(skynet.send, s, "nopack", "x"))
	skynet.register_protocol { name = "halfway", id = 106, pack = skynet.pack }
	log("call of a protocol without unpack", pcall(skynet.call, s, "halfway", "x"))
	log("still served", skynet.call(s, "lua", "d"))
	skynet.sleep(20)
	skynet.abort()
end)
