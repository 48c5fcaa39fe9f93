// trace_tool: the `skyglass trace ...` subcommands (export to Perfetto, terminal summary).
#pragma once

// argv[0] is "trace"; returns the process exit status.
int trace_tool_main(int argc, char **argv);
