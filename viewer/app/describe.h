// describe: one line of text for an event, as the event list and the inspector show it.
#pragma once
#include "trace/trace_model.h"

#include <string>

// e.g. "msg.push ping -> .pong LUA session 1, 18 B"
std::string describe_event(const TraceModel &m, EventId e);
