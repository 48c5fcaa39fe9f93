// trace_sink: where formatted trace lines go (a file, memory, live viewers over TCP).
#pragma once
#include <memory>
#include <string>
#include <string_view>

struct trace_record;

struct trace_sink {
	virtual ~trace_sink() = default;
	// A chunk of whole lines. Called only from the trace writer thread.
	virtual void write(std::string_view lines) = 0;
	virtual void flush() {}
	// A sink that keeps the lines in a buffer of its own (the file sink's
	// blocks) may lend it, so that the writer formats straight into it
	// rather than into a chunk the sink then copies: `room` bytes at the
	// pointer returned, of which `enough` make a chunk worth handing back.
	// The writer hands back what it wrote with filled(n) before any other
	// call to the sink. nullptr: write() only.
	virtual char *lend(size_t &room, size_t &enough) { return nullptr; }
	virtual void filled(size_t n) {}
	// A sink that keeps state about the run (the live sink's late-joiner
	// snapshot) sets `notes`, and is then shown every record with its line
	// before the chunk holding them is written.
	bool notes = false;
	virtual void note(const trace_record &r, const char *line, size_t len) {}
};

std::unique_ptr<trace_sink> trace_sink_file(const char *path, std::string &error);
std::unique_ptr<trace_sink> trace_sink_memory();
// host:port; viewers connect any time. Defined in trace_live.cpp.
std::unique_ptr<trace_sink> trace_sink_live(const char *host, int port, std::string &error);
