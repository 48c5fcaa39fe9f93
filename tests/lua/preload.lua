-- preload: the `preload` file of config_loader.lua: runs before every service, with its arguments.
PRELOADED = "preloaded " .. select("#", ...)
