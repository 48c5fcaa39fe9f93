-- writer: pushes 64 KiB chunks to its one client as fast as it can, until socket_server warns that bytes pile up.
local skynet = require "skynet"
local socket = require "skynet.socket"

local CHUNK = 64 * 1024
local MAX_CHUNKS = 1024 -- 64 MiB: a bound in case no WARNING ever comes
-- Stop at a backlog larger than the kernel's send buffer can grow to (4 MiB on
-- Linux by default): a smaller one may drain into the kernel before the reader
-- reads, and then step 6 would come before step 5.
local STOP_KIB = 8 * 1024

local reader      -- the reader service, told when to start reading
local warned = false

local function serve(fd)
	socket.start(fd)
	-- lesson 09.2: WARNING: this many KiB wait in socket_server's write lists for fd (0: drained)
	socket.warning(fd, function(id, kib)
		if kib > 0 then
			skynet.error(string.format("writer: WARNING: %d K bytes need to send out (fd = %d)", kib, id))
			warned = kib >= STOP_KIB
		else
			skynet.error("writer: fd " .. id .. ": the write lists are empty again")
		end
	end)
	local chunk = string.rep("x", CHUNK)
	local sent = 0
	for i = 1, MAX_CHUNKS do
		-- socket.write never blocks: the bytes join the socket's write list
		socket.write(fd, chunk)
		sent = sent + CHUNK
		if i % 16 == 0 then
			-- let the WARNING message (if any) in before writing more
			skynet.yield()
			if warned then
				break
			end
		end
	end
	skynet.error(string.format("writer: wrote %d KiB; the reader may read now", sent // 1024))
	-- lesson 09.3: the slow reader starts reading: the backlog drains
	skynet.send(reader, "lua", "read", sent)
end

local CMD = {}

function CMD.listen()
	local id, _, port = socket.listen("127.0.0.1", 0)
	socket.start(id, function(fd)
		socket.close(id) -- one client is all this lesson needs
		serve(fd)
	end)
	return port
end

-- The reader says who it is before it connects.
function CMD.hello(source)
	reader = source
end

skynet.start(function()
	skynet.dispatch("lua", function(_, source, cmd)
		local f = assert(CMD[cmd], "writer: unknown command " .. tostring(cmd))
		skynet.ret(skynet.pack(f(source)))
	end)
end)
