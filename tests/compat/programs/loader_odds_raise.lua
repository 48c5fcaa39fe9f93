-- loader_odds_raise: a service whose main chunk raises, used by loader_odds.lua (not a program of its own).
local skynet = require "skynet"
error("main chunk raised")
