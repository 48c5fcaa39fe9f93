// trace: opening and closing a trace, its filter, the clock and message ids.
//
// The hot path (trace_recorders.cpp, trace_ring.cpp) is a relaxed flag test,
// a clock read and a store into a ring that only this thread writes: no lock,
// no allocation (except for events that carry text, which are rare). When a
// ring is full the thread waits for the writer instead of dropping, so a file
// trace is complete; live viewers that fall behind lose events in their own
// sink, never here.
#include "kernel/trace.h"

#include <cstdlib>
#include <cstring>

#include "kernel/skynet.h"
#include "kernel/trace_state.h"

namespace ts = trace_schema;

std::atomic<bool> trace_active{false};
trace_state *trace_S = nullptr;
std::atomic<uint64_t> trace_generation{0};

uint64_t trace_next_id() { return trace_S ? trace_S->next_id.fetch_add(1, std::memory_order_relaxed) : 0; }

// --- the filter: kind prefixes and :handle terms ---

static bool parse_filter(trace_state *S, const char *filter, std::string &error)
{
	bool any_kind = false;
	bool on[ts::kind_count] = {};
	std::string f = filter ? filter : "";
	size_t pos = 0;
	while (pos <= f.size()) {
		size_t comma = f.find(',', pos);
		std::string term = f.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
		pos = comma == std::string::npos ? f.size() + 1 : comma + 1;
		while (!term.empty() && term.front() == ' ')
			term.erase(0, 1);
		while (!term.empty() && term.back() == ' ')
			term.pop_back();
		if (term.empty())
			continue;
		if (term[0] == ':') {
			char *end = nullptr;
			unsigned long h = strtoul(term.c_str() + 1, &end, 16);
			if (term.size() == 1 || *end != '\0' || h == 0 || h > 0xffffffffUL) {
				error = "trace_filter: '" + term + "' is not a service handle (e.g. :0000000a)";
				return false;
			}
			S->handles.push_back((uint32_t)h);
			continue;
		}
		bool matched = false;
		for (int k = 0; k < ts::kind_count; k++) {
			if (strncmp(ts::kind_text[k], term.c_str(), term.size()) == 0) {
				on[k] = true;
				matched = true;
			}
		}
		if (!matched) {
			error = "trace_filter: '" + term + "' matches no event kind (see docs/trace-format.md)";
			return false;
		}
		any_kind = true;
	}
	// Names, logs and the trace's own lines are always kept, so a reader can
	// name what it sees (the schema's `always` events).
	for (int k = 0; k < ts::kind_count; k++)
		S->kind_on[k] = ts::kind_always_kept[k] || !any_kind || on[k];
	return true;
}

// --- open and close ---

// "host:port" (no '/', a ':'): the live sink. A port that is not a number
// is an error rather than a file name, so that a typo is not silently a file.
static bool parse_host_port(const char *spec, std::string &host, int &port, std::string &error)
{
	const char *colon = strrchr(spec, ':');
	if (colon == nullptr || strchr(spec, '/') != nullptr)
		return false;
	const char *p = colon + 1;
	long n = 0;
	for (; *p >= '0' && *p <= '9' && n <= 65535; p++)
		n = n * 10 + (*p - '0');
	if (colon[1] == '\0' || *p != '\0' || n > 65535) {
		error = std::string("config error: trace = '") + spec +
			"': the port must be a number from 0 to 65535 (a file path needs a '/', e.g. './trace.jsonl')";
		return true;
	}
	host.assign(spec, colon - spec);
	port = (int)n;
	return true;
}

trace_record trace_start_record(bool late)
{
	trace_record r;
	r.t = trace_clock();
	r.kind = ts::kind::trace_start;
	const char *harbor = skynet_getenv("harbor");
	r.trace_start = {1, trace_S ? trace_S->threads : 0, harbor ? atoi(harbor) : 0, late};
	return r;
}

static void emit_record(const trace_record &r)
{
	std::string line;
	trace_format(r, line);
	trace_emit(line);
}

bool trace_open(const char *spec, const char *filter, int threads, std::string &error)
{
	if (trace_S != nullptr) {
		error = "trace is already open";
		return false;
	}
	trace_clock_choose();
	auto *S = new trace_state;
	S->threads = threads;
	std::string host;
	int port = 0;
	std::unique_ptr<trace_sink> sink;
	if (strcmp(spec, "memory") == 0) {
		sink = trace_sink_memory();
	} else if (parse_host_port(spec, host, port, error)) {
		if (error.empty())
			sink = trace_sink_live(host.c_str(), port, error);
	} else {
		sink = trace_sink_file(spec, error);
	}
	if (!sink || !parse_filter(S, filter, error)) {
		delete S;
		return false;
	}
	S->any_sink_notes = sink->notes;
	S->sinks.push_back(std::move(sink));
	trace_S = S;
	emit_record(trace_start_record(false));
	trace_generation.fetch_add(1, std::memory_order_release);
	S->writer = std::thread(trace_writer_main);
	trace_active.store(true, std::memory_order_release);
	return true;
}

void trace_close()
{
	trace_state *S = trace_S;
	if (S == nullptr)
		return;
	trace_active.store(false, std::memory_order_release);
	S->stop.store(true, std::memory_order_release);
	S->writer.join();
	trace_record stop;
	stop.t = trace_clock();
	stop.kind = ts::kind::trace_stop;
	emit_record(stop);
	for (auto &s : S->sinks)
		s->flush();
	S->sinks.clear();
	for (auto *r : S->rings)
		delete r;
	delete S;
	trace_S = nullptr;
}

// Pause or resume recording (the debug console's `tracing off|on`). The
// sinks stay open, so a connected viewer stays connected and sees a gap.
bool trace_switch(bool on)
{
	trace_state *S = trace_S;
	if (S == nullptr)
		return false;
	std::lock_guard g(S->switch_lock);
	S->all_on.store(on, std::memory_order_relaxed);
	S->switched.store(nullptr, std::memory_order_release);
	trace_active.store(on, std::memory_order_release);
	return true;
}

// `tracing on|off ADDR`: one service. The hot flag stays up while anything
// at all is traced; the recorders' filter sorts the rest out.
bool trace_switch_service(uint32_t handle, bool on)
{
	trace_state *S = trace_S;
	if (S == nullptr)
		return false;
	std::lock_guard g(S->switch_lock);
	auto next = std::make_unique<trace_switches>();
	if (const trace_switches *old = S->switched.load(std::memory_order_acquire))
		for (auto &entry : *old)
			if (entry.first != handle)
				next->push_back(entry);
	next->emplace_back(handle, on);
	bool any = S->all_on.load(std::memory_order_relaxed);
	for (auto &entry : *next)
		any = any || entry.second;
	S->switched.store(next.get(), std::memory_order_release);
	S->switch_history.push_back(std::move(next));
	trace_active.store(any, std::memory_order_release);
	return true;
}

bool trace_is_open() { return trace_S != nullptr; }
