-- compat10/mysql: skynet 1.0's short name for skynet.db.mysql, for programs whose lua_path lists lualib/compat10.
return require "skynet.db.mysql"
