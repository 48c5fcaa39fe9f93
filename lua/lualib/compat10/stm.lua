-- compat10/stm: skynet 1.0's short name for skynet.stm, for programs whose lua_path lists lualib/compat10.
return require "skynet.stm"
