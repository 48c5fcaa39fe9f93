-- compat10/socketdriver: skynet 1.0's short name for skynet.socketdriver, for programs whose lua_path lists lualib/compat10.
return require "skynet.socketdriver"
