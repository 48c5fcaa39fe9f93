-- compat10/profile: skynet 1.0's short name for skynet.profile, for programs whose lua_path lists lualib/compat10.
return require "skynet.profile"
