-- compat10/cluster: skynet 1.0's short name for skynet.cluster, for programs whose lua_path lists lualib/compat10.
return require "skynet.cluster"
