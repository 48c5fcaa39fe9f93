-- console: reads service names (with arguments) from stdin, one a line, and starts each, as skynet's console does.
local skynet = require "skynet"
local socket = require "skynet.socket"

local function split_words(line)
	local words = {}
	for word in line:gmatch("%S+") do
		words[#words + 1] = word
	end
	return words
end

-- As skynet's: the loop binds stdin itself, so a stdin that cannot be read
-- (not a terminal, a pipe or a file: /dev/null) fails readline's assert in
-- the log, as skynet's does. A failed start logs its own error only.
local function console_main_loop()
	local stdin = socket.stdin()
	while true do
		local cmdline = socket.readline(stdin, "\n")
		if not cmdline then
			return -- stdin closed: readline gives false (what was left has no newline)
		end
		local words = split_words(cmdline)
		if words[1] == "snax" then
			pcall(require("skynet.snax").newservice, table.unpack(words, 2))
		elseif words[1] then
			pcall(skynet.newservice, table.unpack(words))
		end
	end
end

skynet.start(function()
	skynet.fork(console_main_loop)
end)
