-- compat10/dns: skynet 1.0's short name for skynet.dns, for programs whose lua_path lists lualib/compat10.
return require "skynet.dns"
