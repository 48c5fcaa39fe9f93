-- mf_global: a module of module_faults that sets a global and returns a function, not a table.
faults_global_set = (faults_global_set or 0) + 1
return function(x) return "called with " .. tostring(x) end
