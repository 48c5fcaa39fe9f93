-- api.lua: an http agent serving the REST API (/players, /players/NAME, /summary) on keep-alive connections;
-- /summary asks this same node's API again through httpc, as a service calling a neighbour's REST API would.
local skynet = require "skynet"
local socket = require "skynet.socket"
local httpd = require "http.httpd"
local httpc = require "http.httpc"
local sockethelper = require "http.sockethelper"
local urllib = require "http.url"
require "skynet.manager" -- skynet.abort

local who = ...
local store

-- a small JSON writer for the shapes this API returns: a player, a list of them
local function player_json(name, score)
	return string.format('{"name":"%s","score":%d}', name, score)
end

local function list_json(list)
	local parts = {}
	for i, p in ipairs(list) do
		parts[i] = player_json(p.name, p.score)
	end
	return "[" .. table.concat(parts, ",") .. "]"
end

local function score_of(text)
	local n = math.tointeger(tonumber(text))
	if not n then
		return nil, "score must be an integer, got " .. tostring(text)
	end
	return n
end

-- route(method, path, query, body) -> status, body
local function route(method, path, query, body, header)
	local q = query and urllib.parse_query(query) or {}
	if path == "/players" then
		if method == "GET" then
			local list = skynet.call(store, "lua", "list")
			if q.min then
				local min = tonumber(q.min)
				local kept = {}
				for _, p in ipairs(list) do
					if p.score >= min then
						kept[#kept + 1] = p
					end
				end
				list = kept
			end
			return 200, list_json(list)
		elseif method == "POST" then
			local form = urllib.parse_query(body)
			local score, err = score_of(form.score)
			if not form.name or not score then
				return 400, err or "name missing"
			end
			local new = skynet.call(store, "lua", "put", form.name, score)
			return new and 201 or 200, player_json(form.name, score)
		end
		return 405, "GET or POST"
	end
	local name = path:match "^/players/([%w_]+)$"
	if name then
		if method == "GET" then
			local score = skynet.call(store, "lua", "get", name)
			if not score then
				return 404, "no player " .. name
			end
			return 200, player_json(name, score)
		elseif method == "PUT" then
			local score, err = score_of(q.score)
			if not score then
				return 400, err
			end
			skynet.call(store, "lua", "put", name, score)
			return 200, player_json(name, score)
		elseif method == "DELETE" then
			return skynet.call(store, "lua", "delete", name) and 204 or 404, ""
		end
		return 405, "GET, PUT or DELETE"
	end
	if path == "/summary" and method == "GET" then
		local host = "127.0.0.1:" .. skynet.getenv "app_port"
		local recv = {}
		local code, text = httpc.request("GET", host, "/players?min=" .. (q.min or 0), recv, { ["x-from"] = "summary" })
		local n = select(2, text:gsub('"name"', ""))
		local code2, text2 = httpc.get(host, "/players/" .. (q.top or "nobody"))
		return 200, string.format("via httpc: %d with %d players (%s); top %d %s", code, n,
			tostring(recv["content-type"]), code2, text2)
	end
	if path == "/whoami" then
		local tag = header["x-tag"]
		if type(tag) == "table" then
			tag = "[" .. table.concat(tag, ",") .. "]"
		end
		return 200, "x-from " .. tostring(header["x-from"]) .. ", x-tag " .. tostring(tag)
	end
	if path == "/export" then
		-- a body written piece by piece (httpd sends it chunked)
		local list = skynet.call(store, "lua", "list")
		local i = 0
		return 200, function()
			i = i + 1
			local p = list[i]
			return p and (p.name .. "," .. p.score .. "\n")
		end
	end
	return 404, "no route " .. path
end

local function serve(fd)
	socket.start(fd)
	local read, write = sockethelper.readfunc(fd), sockethelper.writefunc(fd)
	while true do
		local code, url, method, header, body = httpd.read_request(read, 1024)
		if not code then
			break
		end
		if code ~= 200 then
			-- what httpd refused (a body over the limit, an encoding it does not know)
			skynet.error(string.format("api %s: refused %d", who, code))
			httpd.write_response(write, code)
			break
		end
		local path, query = urllib.parse(url)
		if path == "/shutdown" then
			skynet.abort() -- no answer: the node is ending
			return
		end
		local status, text = route(method, path, query, body, header)
		if header["x-from"] then
			skynet.error(string.format("api %s: %s %s from %s -> %d", who, method, url, header["x-from"], status))
		end
		local ok = httpd.write_response(write, status, text, { ["content-type"] = "application/json" })
		if not ok or header.connection == "close" then
			break
		end
	end
	socket.close(fd)
end

skynet.start(function()
	store = skynet.uniqueservice("store")
	skynet.dispatch("lua", function(_, _, fd)
		serve(fd)
	end)
end)
