-- compat10/sharedata: skynet 1.0's short name for skynet.sharedata, for programs whose lua_path lists lualib/compat10.
return require "skynet.sharedata"
