-- mf_nested: a module of module_faults that requires one that does not compile.
local inner = require "mf_syntax"
return { inner = inner }
