-- compat10/socket: skynet 1.0's short name for skynet.socket, for programs whose lua_path lists lualib/compat10.
return require "skynet.socket"
