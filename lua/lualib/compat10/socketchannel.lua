-- compat10/socketchannel: skynet 1.0's short name for skynet.socketchannel, for programs whose lua_path lists lualib/compat10.
return require "skynet.socketchannel"
