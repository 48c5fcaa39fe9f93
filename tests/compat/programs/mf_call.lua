-- mf_call: a module of module_faults that calls a service while it loads (its top level yields).
local skynet = require "skynet"
local target = skynet.localname(".faults_echo")
return { answer = skynet.call(target, "lua", "loading") }
