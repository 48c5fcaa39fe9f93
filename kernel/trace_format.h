// trace_format: the writer thread's chunk of JSON lines, and how a trace_record becomes one line of it.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "kernel/trace_record.h"

// Lines are formatted straight into one big buffer that the writer hands to
// the sinks whole (one fwrite per chunk): no std::string append per field or
// per line. Every line but one carrying text has a known longest form
// (trace_line_max, from the schema), so a line checks for room once, not per
// field.
struct trace_lines {
	explicit trace_lines(size_t capacity = 1 << 20);
	// Appends r as one JSON line, '\n' included.
	void add(const trace_record &r);
	std::string_view view() const { return {base, len}; }
	size_t size() const { return len; }
	const char *at(size_t offset) const { return base + offset; }
	void clear() { len = 0; }

	// Lines go to n bytes at p that are not the chunk's own (a sink's
	// buffer, see trace_sink::lend) until detach(). Such memory cannot grow:
	// whoever attaches makes room for a line (trace_line_room) before add().
	void attach(char *p, size_t n) { base = p, cap = n, len = 0; }
	void detach() { base = own.data(), cap = own.size(), len = 0; }
	size_t free_room() const { return cap - len; }

	// Room for n more bytes after the first `len` (the chunk grows for a
	// long text).
	char *room(size_t n)
	{
		if (cap - len < n)
			grow(n);
		return base + len;
	}

	std::string own; // the chunk's own memory; bytes past len are scratch
	char *base;      // where lines go: own, or attached memory
	size_t cap;
	size_t len = 0;
	// The leading digits of the last number of a kind, kept from line to
	// line: consecutive events are nanoseconds apart, so the 6-8 leading
	// digits of `t` change once every 10 us, not once per line; a message's
	// id comes back in its msg.begin and msg.end a few lines later.
	struct leading_digits {
		uint64_t high = UINT64_MAX;
		char text[24];
		uint32_t len = 0;
	};
	leading_digits t_digits; // all but the last four digits of `t`
	leading_digits id_digits; // all but the last two of an `id`

private:
	void grow(size_t n);
};

// The most bytes r's line can take, with the scratch add() may touch past
// its end: a fixed bound for most kinds, more for a long text.
size_t trace_line_room(const trace_record &r);
extern const size_t trace_line_fixed_room; // the same for a kind without text

// Append the record as one JSON line (with '\n') to out (the trace's own
// lines: trace.start, trace.stop, trace.drop).
void trace_format(const trace_record &r, std::string &out);
