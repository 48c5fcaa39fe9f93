-- main: the example node's start service: checks what the boot left, as skynet's examples/main.lua would find it.
local skynet = require "skynet"
require "skynet.manager"
local harbor = require "skynet.harbor"
local datacenter = require "skynet.datacenter"

skynet.start(function()
	skynet.error("Server start")
	assert(skynet.harbor(skynet.self()) == 1, "this node is harbor 1")
	assert(skynet.localname(".cslave"), "the slave is named .cslave")
	assert(harbor.queryname("DATACENTER") == skynet.localname(".datacenter"), "DATACENTER is global")
	datacenter.set("example", true)
	assert(datacenter.get("example") == true)
	skynet.register("EXAMPLE")
	assert(harbor.queryname("EXAMPLE") == skynet.self(), "a global name of our own")
	skynet.error("EXAMPLE_OK")
	skynet.abort(0)
end)
