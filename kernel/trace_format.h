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
	std::string_view view() const { return {buf.data(), len}; }
	size_t size() const { return len; }
	const char *at(size_t offset) const { return buf.data() + offset; }
	void clear() { len = 0; }

	// Room for n more bytes after the first `len` (the buffer grows for a
	// long text).
	char *room(size_t n)
	{
		if (buf.size() - len < n)
			grow(n);
		return buf.data() + len;
	}

	std::string buf; // its size is the capacity; bytes past len are scratch
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

// Append the record as one JSON line (with '\n') to out (the trace's own
// lines: trace.start, trace.stop, trace.drop).
void trace_format(const trace_record &r, std::string &out);
