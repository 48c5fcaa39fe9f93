-- lesson 40 with a real browser: open the printed address; GET /quit ends it.
include "config.lua"
lesson40_browser = "yes"
