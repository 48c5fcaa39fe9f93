-- compat10/redis: skynet 1.0's short name for skynet.db.redis, for programs whose lua_path lists lualib/compat10.
return require "skynet.db.redis"
