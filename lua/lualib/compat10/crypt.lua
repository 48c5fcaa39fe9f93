-- compat10/crypt: skynet 1.0's short name for skynet.crypt, for programs whose lua_path lists lualib/compat10.
return require "skynet.crypt"
