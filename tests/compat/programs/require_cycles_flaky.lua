-- require_cycles_flaky: a module that raises the first time (require_cycles.lua).
_G.FLAKY_TRIES = _G.FLAKY_TRIES + 1
if _G.FLAKY_TRIES == 1 then
	error("flaky: not yet", 0)
end
return { tries = _G.FLAKY_TRIES }
