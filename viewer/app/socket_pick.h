// socket_pick: which socket the socket panels show, and a combo to change it.
#pragma once
#include "viewer/app/view_state.h"

// Returns the index into m.sockets() of v.socket (falling back to the first
// socket), after drawing a combo that lets the user choose another; -1 if none.
int socket_pick(ViewState &v, const TraceModel &m, const char *id);
