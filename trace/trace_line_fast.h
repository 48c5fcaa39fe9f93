// trace_line_fast: one trace line straight into an Event, for lines shaped exactly as the runtime writes them.
#pragma once
#include "trace/event.h"

#include <string_view>

// What a line holds besides the Event's numbers: the texts the model interns
// (in the line's order, as the reference reader interns them) and a service's
// strings. Views into the line.
struct FastLine {
	Event ev;                        // line, raw, word and word2 are the model's to fill
	struct Word {
		std::string_view text;
		bool second;                 // goes to word2 (S_WORD2, a string `want`), else word
	} words[2];
	int word_count = 0;
	std::string_view module, args, name;   // "" when absent, as the reference reader keeps them
};

// The common shape: `{"t":T,"ev":"KIND"` then `,"key":value` pairs of the
// kind's own keys, each once, with integers of up to 18 digits, true/false,
// and ASCII strings without escapes; no spaces. Then it fills `out` and returns
// true. Anything else (a bad line, an unknown kind or key, an escape, a
// float, a byte above 0x7f) returns false, and the reference reader
// (json_line + TraceModel::ingest_line) takes the line: so both readers give
// the same events, bad lines and errors by construction, and this one only
// has to be right about the lines it accepts (tests/viewer/test_trace_line_fast.cpp).
//
// What it buys: no JsonObject of 32 fields to fill and search, no key
// compared against every key of the kind (the writer writes them in schema
// order, so the next expected key is tried first). 2.1 M gate-trace lines:
// see docs/benchmarks.md, "Viewer on the gate trace".
bool trace_line_fast(std::string_view line, FastLine &out);
