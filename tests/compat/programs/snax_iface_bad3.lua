-- snax_iface_bad3: a snax service used by snax_iface.lua (not a program of its own): a numbered response, and init not a function.
response[1] = function() end
