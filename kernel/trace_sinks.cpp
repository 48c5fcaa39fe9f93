// trace_sinks: the file sink and the memory sink (the live sink is trace_live.cpp).
#include <cerrno>
#include <cstring>
#include <mutex>
#include <sys/stat.h>
#include <vector>

#include "kernel/trace.h"
#include "kernel/trace_sink.h"

// The memory sink's lines outlive the trace, so a test can read them after
// the runtime has stopped.
static std::mutex memory_lock;
static std::vector<std::string> memory_lines;

struct file_sink : trace_sink {
	FILE *f;
	explicit file_sink(FILE *file) : f(file) {}
	~file_sink() override { fclose(f); }
	void write(std::string_view lines) override { fwrite(lines.data(), 1, lines.size(), f); }
	void flush() override { fflush(f); }
};

std::unique_ptr<trace_sink> trace_sink_file(const char *path, std::string &error)
{
	// Create the directory part, as `mkdir -p` would (EEXIST is fine; a real
	// failure shows at fopen).
	std::string dir(path);
	size_t slash = dir.rfind('/');
	if (slash != std::string::npos && slash > 0) {
		dir.resize(slash);
		for (size_t i = 1; i <= dir.size(); i++)
			if (i == dir.size() || dir[i] == '/')
				mkdir(dir.substr(0, i).c_str(), 0755);
	}
	FILE *f = fopen(path, "w");
	if (f == nullptr) {
		error = std::string("trace: cannot write '") + path + "': " + strerror(errno);
		return nullptr;
	}
	setvbuf(f, nullptr, _IOFBF, 1 << 20);
	return std::make_unique<file_sink>(f);
}

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
