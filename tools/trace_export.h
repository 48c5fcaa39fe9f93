// trace_export: a skyglass trace as Chrome Trace Event JSON, which Perfetto and chrome://tracing open.
#pragma once
#include "trace/trace_model.h"

#include <cstdio>

// Writes the model as one JSON object {"traceEvents":[...]}.
void trace_export_write(const TraceModel &model, FILE *out);
// Loads `in`, writes `out`; returns the exit status and prints errors to stderr.
int trace_export(const char *in, const char *out);
