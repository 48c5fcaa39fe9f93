-- main: packs values and shows the bytes, calls without packing, frees a packed message unsent, and sends as someone else.
local skynet = require "skynet"

local function hex(bytes)
	return (bytes:gsub(".", function(c)
		return string.format("%02x ", c:byte())
	end))
end

skynet.start(function()
	local server = skynet.newservice("server")
	local other = skynet.newservice("other")

	-- lesson 10.1: pack turns Lua values into bytes (a type tag, then the value); unpack turns them back
	local bytes = skynet.packstring("add", 1, 2)
	skynet.error(string.format("main: skynet.pack(\"add\", 1, 2) is %d bytes: %s", #bytes, hex(bytes)))
	skynet.error("main: skynet.unpack of them gives " .. table.concat({ skynet.unpack(bytes) }, ", "))

	-- lesson 10.2: rawcall sends the bytes as given and returns the answer's bytes, not unpacked
	local msg, sz = skynet.rawcall(server, "lua", skynet.pack("add", 1, 2))
	skynet.error(string.format("main: rawcall answer is %d bytes: %s= %s", sz, hex(skynet.tostring(msg, sz)),
		tostring(skynet.unpack(msg, sz))))

	-- lesson 10.4: pack allocates a C buffer that send would hand over; not sent, it must be freed with trash
	local unsent, unsent_size = skynet.pack(string.rep("x", 1000))
	skynet.trash(unsent, unsent_size)
	skynet.error("main: packed " .. unsent_size .. " bytes, then freed them with trash: nothing was sent")

	-- lesson 10.3: redirect pushes a message whose source is whatever we say: here, other
	skynet.redirect(server, other, "lua", 0, skynet.pack("whoami"))
	-- A forged request: server answers the source it sees, so the RESPONSE goes to other, who never asked.
	skynet.redirect(server, other, "lua", skynet.genid(), skynet.pack("add", 2, 3))

	skynet.call(other, "lua", "wait_stray")
	skynet.send(server, "lua", "bye")
	skynet.send(other, "lua", "bye")
	skynet.exit()
end)
