-- bad_syntax: a service that does not compile (on purpose).
local skynet = require "skynet"
skynet.start(function(
