// main: the skyglass program: registers the C++ service modules and starts the runtime.
#include <cstdio>
#include <cstring>

#include "kernel/logger.h"
#include "kernel/module.h"
#include "kernel/start.h"
#include "lua/runtime_parts.h"
#include "lua/snlua.h"
#include "net/service_harbor.h"
#include "tools/trace_tool.h"

static void usage()
{
	fprintf(stderr,
		"usage: skyglass CONFIG            run a skynet config (e.g. lessons/01-hello/config.lua)\n"
		"       skyglass trace summary IN  print a terminal summary of a trace\n"
		"       skyglass trace export IN OUT  write Chrome Trace Event JSON for Perfetto\n"
		"       skyglass trace steps IN LESSON_DIR  check that a lesson's steps happen in order in a trace\n");
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "trace") == 0)
		return trace_tool_main(argc - 1, argv + 1);
	if (argc != 2 || argv[1][0] == '-') {
		usage();
		return 2;
	}
	// The composition root: the kernel knows neither Lua nor sockets; the
	// entry point decides which modules exist, which loader reads the config,
	// and which socket layer runs.
	module_register(logger_module_get());
	module_register(snlua_module_get());
	module_register(service_harbor_module()); // the harbor, which cdummy or cslave launches
	return skynet_start(argv[1], skyglass_runtime_parts());
}
