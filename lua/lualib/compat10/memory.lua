-- compat10/memory: skynet 1.0's short name for skynet.memory, for programs whose lua_path lists lualib/compat10.
return require "skynet.memory"
