// fuzz_trace_reader: the viewer's trace reader takes any bytes: it loads what is valid and counts the rest,
// and its fast line parser (trace_line_fast) reads them exactly as the reference reader does.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "trace/trace_model.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	TraceModel model, reference;
	reference.set_fast_parse(false);
	std::string_view bytes(reinterpret_cast<const char *>(data), size);
	// Feed in two chunks split in the middle, as a live stream would.
	for (TraceModel *m : {&model, &reference}) {
		m->ingest_bytes(bytes.substr(0, size / 2));
		m->ingest_bytes(bytes.substr(size / 2));
		m->finish();
	}
	// Every line is either an event or a counted bad line.
	if (model.bad_lines() > model.lines())
		__builtin_trap();
	for (size_t r = 0; r < model.size(); r++)
		(void)model.raw(model.at_rank(r));
	// The same events, field by field, and the same errors.
	if (model.size() != reference.size() || model.bad_lines() != reference.bad_lines() ||
		model.first_error() != reference.first_error())
		__builtin_trap();
	for (EventId e = 0; e < model.size(); e++) {
		const Event &a = model.event(e), &b = reference.event(e);
		if (a.t != b.t || a.kind != b.kind || a.id != b.id || a.bytes != b.bytes || a.buffered != b.buffered ||
			a.h != b.h || a.peer != b.peer || a.session != b.session || a.co != b.co || a.type != b.type ||
			a.sock != b.sock || a.thread != b.thread || a.packets != b.packets || a.flag != b.flag ||
			a.word != b.word || a.word2 != b.word2 || a.line != b.line || model.raw(e) != reference.raw(e))
			__builtin_trap();
	}
	return 0;
}
