// lua_net_stub: TEMPORARY stand-ins for the socket bindings until they land (delete then).
#include "lua/bindings.h"

int luaopen_skynet_socketdriver(lua_State *L) { return luaL_error(L, "skynet.socketdriver is not built yet"); }
int luaopen_skynet_netpack(lua_State *L) { return luaL_error(L, "skynet.netpack is not built yet"); }
