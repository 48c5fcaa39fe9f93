-- compat10/sharemap: skynet 1.0's short name for skynet.sharemap, for programs whose lua_path lists lualib/compat10.
return require "skynet.sharemap"
