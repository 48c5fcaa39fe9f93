// lua_socketbuffer: the read buffer half of `skynet.socketdriver` (buffer, push, pop, readline, ... and header).
#pragma once
#include <lua.hpp>

// Adds the buffer functions to the table on top of the stack (the socketdriver module).
void socketbuffer_setfuncs(lua_State *L);
