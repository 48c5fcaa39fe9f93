// trace_tool: the `skyglass trace ...` subcommands — picks export, summary or steps and reports bad usage.
#include "tools/trace_tool.h"
#include "tools/trace_export.h"
#include "tools/trace_steps.h"
#include "tools/trace_summary.h"

#include <cstdio>
#include <cstring>

static int usage()
{
	std::fprintf(stderr,
		"usage: skyglass trace export IN.jsonl OUT.json   write Chrome Trace Event JSON (Perfetto, chrome://tracing)\n"
		"       skyglass trace summary IN.jsonl           print services, edges, kinds, slow dispatches, long calls\n"
		"       skyglass trace steps [--follow] IN.jsonl LESSON_DIR  check a lesson's steps happen in order\n");
	return 2;
}

int trace_tool_main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	const char *verb = argv[1];
	if (std::strcmp(verb, "export") == 0) {
		if (argc != 4)
			return usage();
		return trace_export(argv[2], argv[3]);
	}
	if (std::strcmp(verb, "summary") == 0) {
		if (argc != 3)
			return usage();
		return trace_summary(argv[2], stdout);
	}
	if (std::strcmp(verb, "steps") == 0) {
		bool follow = argc == 5 && std::strcmp(argv[2], "--follow") == 0;
		if (argc != (follow ? 5 : 4))
			return usage();
		return trace_steps(argv[follow ? 3 : 2], argv[follow ? 4 : 3], follow);
	}
	std::fprintf(stderr, "skyglass trace: unknown command '%s'\n", verb);
	return usage();
}
