// trace_tool: the `skyglass trace ...` subcommands (placeholder until the viewer model lands).
#include "tools/trace_tool.h"

#include <cstdio>

int trace_tool_main(int argc, char **argv)
{
	std::fprintf(stderr, "skyglass trace: not built yet\n");
	return 2;
}
