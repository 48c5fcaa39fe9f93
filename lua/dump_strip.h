// dump_strip: a Lua 5.4 binary chunk without its local variables' names (lua/dump_strip.cpp).
#pragma once
#include <string>

// `chunk` (as lua_dump wrote it) with every function's local variable names
// left out; line info, upvalue names and the code unchanged. False (and
// `stripped` empty) when `chunk` is not the format this build's Lua writes.
bool dump_strip_locals(const std::string &chunk, std::string &stripped);
