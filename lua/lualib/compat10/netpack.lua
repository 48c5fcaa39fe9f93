-- compat10/netpack: skynet 1.0's short name for skynet.netpack, for programs whose lua_path lists lualib/compat10.
return require "skynet.netpack"
