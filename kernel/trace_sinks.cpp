// trace_sinks: the memory sink (the file sink is trace_file_sink.cpp, the live sink trace_live.cpp).
#include <mutex>
#include <vector>

#include "kernel/trace.h"
#include "kernel/trace_sink.h"

// The memory sink's lines outlive the trace, so a test can read them after
// the runtime has stopped.
static std::mutex memory_lock;
static std::vector<std::string> memory_lines;

struct memory_sink : trace_sink {
	void write(std::string_view lines) override
	{
		std::lock_guard g(memory_lock);
		size_t pos = 0;
		while (pos < lines.size()) {
			size_t nl = lines.find('\n', pos);
			memory_lines.emplace_back(lines.substr(pos, nl - pos));
			pos = nl + 1;
		}
	}
};

std::unique_ptr<trace_sink> trace_sink_memory()
{
	std::lock_guard g(memory_lock);
	memory_lines.clear();
	return std::make_unique<memory_sink>();
}

std::vector<std::string> trace_memory_take()
{
	std::vector<std::string> lines;
	std::lock_guard g(memory_lock);
	lines.swap(memory_lines);
	return lines;
}
