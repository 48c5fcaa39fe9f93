-- compat10/mqueue: skynet 1.0's short name for skynet.mqueue, for programs whose lua_path lists lualib/compat10.
return require "skynet.mqueue"
