// fuzz_trace_reader: the viewer's trace reader takes any bytes: it loads what is valid and counts the rest.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "trace/trace_model.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	TraceModel model;
	std::string_view bytes(reinterpret_cast<const char *>(data), size);
	// Feed in two chunks split in the middle, as a live stream would.
	model.ingest_bytes(bytes.substr(0, size / 2));
	model.ingest_bytes(bytes.substr(size / 2));
	model.finish();
	// Every line is either an event or a counted bad line.
	if (model.bad_lines() > model.lines())
		__builtin_trap();
	for (size_t r = 0; r < model.size(); r++)
		(void)model.raw(model.at_rank(r));
	return 0;
}
