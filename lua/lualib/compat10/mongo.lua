-- compat10/mongo: skynet 1.0's short name for skynet.db.mongo, for programs whose lua_path lists lualib/compat10.
return require "skynet.db.mongo"
