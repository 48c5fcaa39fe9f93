-- compat10/multicast: skynet 1.0's short name for skynet.multicast, for programs whose lua_path lists lualib/compat10.
return require "skynet.multicast"
