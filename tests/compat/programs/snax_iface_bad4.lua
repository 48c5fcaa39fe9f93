-- snax_iface_bad4: a snax service used by snax_iface.lua (not a program of its own): init that is not a function.
init = 42
