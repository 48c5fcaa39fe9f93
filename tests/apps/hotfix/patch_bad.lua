-- patch_bad.lua: injected into the shop by debug_console: a patch that fails half way, after one line of output.
print("about to fail")
local CMD = _P.lua.CMD
CMD.nothing.at_all = 1
