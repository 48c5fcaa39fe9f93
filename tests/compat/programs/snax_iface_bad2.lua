-- snax_iface_bad2: a snax service used by snax_iface.lua (not a program of its own): a response defined twice.
function response.x() end
function response.x() end
