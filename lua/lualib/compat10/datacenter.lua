-- compat10/datacenter: skynet 1.0's short name for skynet.datacenter, for programs whose lua_path lists lualib/compat10.
return require "skynet.datacenter"
