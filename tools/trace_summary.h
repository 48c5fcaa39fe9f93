// trace_summary: a one-screen terminal view of a trace, for machines without a display.
#pragma once
#include "trace/trace_model.h"

#include <cstdio>

void trace_summary_write(const TraceModel &model, const char *name, FILE *out);
// Loads `in` and prints the summary; returns the exit status.
int trace_summary(const char *in, FILE *out);
