// config_loader: reads a skynet config file (Lua syntax, $ENV expansion) into the kernel's environment.
#pragma once
#include <string>

// Every key of the file goes into the environment as a string, including keys
// skyglass does not use (cpath, harbor, root, ...), so skynet configs run
// unchanged and services can getenv them. On failure `error` names the file
// and line, or the key. The kernel calls it through runtime_parts (start.h).
bool config_load(const char *path, std::string &error);
