-- compat10/snax: skynet 1.0's short name for skynet.snax, for programs whose lua_path lists lualib/compat10.
return require "skynet.snax"
