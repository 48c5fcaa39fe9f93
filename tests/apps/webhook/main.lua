-- main.lua: a service that calls an outside HTTP API (httpc) for each line a client sends.
local skynet = require "skynet"
local socket = require "skynet.socket"
local httpc = require "http.httpc"
require "skynet.manager" -- skynet.abort

local api -- "127.0.0.1:port" of the outside API

local function show_header(h)
	local keys = {}
	for k in pairs(h or {}) do
		if k ~= "date" and k ~= "server" then
			keys[#keys + 1] = k .. "=" .. tostring(h[k])
		end
	end
	table.sort(keys)
	return table.concat(keys, ";")
end

local CMD = {}

function CMD.get(path)
	local recv = {}
	local code, body = httpc.request("GET", api, path, recv, { ["x-app"] = "skynet" })
	return code .. " " .. body:gsub("\n", "|") .. " [" .. show_header(recv) .. "]"
end

function CMD.post(text)
	local code, body = httpc.post(api, "/echo", { text = text, n = "1" })
	return code .. " " .. body
end

function CMD.slow()
	httpc.timeout = 30
	local ok, err = pcall(httpc.get, api, "/slow")
	httpc.timeout = nil
	return tostring(ok) .. " " .. tostring(err)
end

function CMD.refused(port)
	local ok, err = pcall(httpc.get, "127.0.0.1:" .. port, "/")
	return tostring(ok) .. " " .. tostring(err)
end

skynet.start(function()
	api = skynet.getenv "api_addr"
	local id = socket.listen("127.0.0.1", tonumber(skynet.getenv "app_port"))
	socket.start(id, function(fd)
		skynet.fork(function()
			socket.start(fd)
			while true do
				local line = socket.readline(fd)
				if not line or line == "shutdown" then
					skynet.abort()
					return
				end
				local cmd, arg = line:match "^(%S+)%s*(.*)$"
				local ok, r = pcall(CMD[cmd], arg)
				if not ok then
					skynet.error(cmd .. " failed: " .. tostring(r))
				end
				socket.write(fd, line .. " -> " .. (ok and tostring(r) or "error") .. "\n")
			end
		end)
	end)
	skynet.error("ready")
end)
