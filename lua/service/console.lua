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

local function console_main_loop(stdin)
	while true do
		local cmdline = socket.readline(stdin, "\n")
		if not cmdline then
			return -- stdin closed: readline gives false (what was left has no newline)
		end
		local words = split_words(cmdline)
		local ok, err = true, nil
		if words[1] == "snax" then
			local found, snax = pcall(require, "skynet.snax")
			if found then
				ok, err = pcall(snax.newservice, table.unpack(words, 2))
			else
				ok, err = false, "snax is not available in this build"
			end
		elseif words[1] then
			ok, err = pcall(skynet.newservice, table.unpack(words))
		end
		if not ok then
			skynet.error("console: " .. tostring(err))
		end
	end
end

skynet.start(function()
	local stdin, err = socket.stdin()
	if not stdin then
		skynet.error("console: stdin: " .. tostring(err))
		return
	end
	skynet.fork(console_main_loop, stdin)
end)
