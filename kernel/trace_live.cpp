// trace_live: the live TCP sink, streaming trace lines to any number of viewers.
#include "kernel/trace_sink.h"

std::unique_ptr<trace_sink> trace_sink_live(const char *host, int port, std::string &error)
{
	error = "trace: the live sink is not built yet";
	return nullptr;
}
