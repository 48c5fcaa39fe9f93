-- skynet.cluster_file: reads the `cluster` config file (the node table) for clusterd, bounded in size and running time.
--
-- The file is Lua (`name = "host:port"` lines) run in a table of its own, as
-- skynet's clusterd runs it. skyglass bounds what a broken file can do: skynet's
-- read the whole file whatever it was (`cluster = "/dev/zero"` grew the node
-- until the kernel killed it), ran it without end (`while true do end` held
-- clusterd, and every cluster call, for good) and raised Lua's own words for a
-- directory (`bad argument #1 to 'load'`) or a key that is not a name
-- (`attempt to index a number value`). Each is now an error naming the file
-- (attack round 5, docs/lua-api.md).
local MAX_SIZE = 16 << 20   -- bytes: a node table is a few lines
local MAX_STEPS = 10000000 -- VM instructions: a few lines take thousands; 10 M take ~0.1 s
local bounded_pcall = require "skynet.bounded_pcall"

-- -> the node table of file `name`; raises a sentence naming the file.
return function(name)
	local f = io.open(name, "rb")
	if not f then
		error("cluster: cannot open the cluster file " .. name, 0)
	end
	local source, why = f:read(MAX_SIZE + 1)
	f:close()
	if source == nil and why ~= nil then
		error(string.format("cluster: cannot read the cluster file %s: %s", name, why), 0)
	end
	source = source or "" -- an empty file: no nodes
	if #source > MAX_SIZE then
		error(string.format("cluster: the cluster file %s is larger than %d bytes", name, MAX_SIZE), 0)
	end
	local nodes = {}
	local chunk, perr = load(source, "@" .. name, "t", nodes)
	if not chunk then
		error(perr, 0)
	end
	local ok, rerr = bounded_pcall(MAX_STEPS, "cluster: the cluster file " .. name, chunk)
	if not ok then
		error(rerr, 0)
	end
	for key in pairs(nodes) do
		if type(key) ~= "string" then
			error(string.format("cluster: the cluster file %s names a node %s, not a string", name, tostring(key)), 0)
		end
	end
	return nodes
end
