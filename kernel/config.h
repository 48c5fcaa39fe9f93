// config: the environment a config fills (the loader itself is lua/config_loader.h, plugged in by main.cpp).
#pragma once

// Clear the environment (tests run several runtimes in one process).
void env_clear();
