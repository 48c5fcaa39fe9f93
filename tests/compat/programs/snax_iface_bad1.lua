-- snax_iface_bad1: a snax service used by snax_iface.lua (not a program of its own): an accept that is not a function.
accept.x = 1
