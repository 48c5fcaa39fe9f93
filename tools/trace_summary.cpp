// trace_summary: services, edges, kinds, suspends, the slowest dispatches and the longest calls, on one screen.
#include "tools/trace_summary.h"
#include "trace/trace_source.h"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

static constexpr size_t TOP = 5;       // rows in the "slowest" tables
static constexpr size_t ROWS = 12;     // rows in the service and edge tables

static void more(FILE *out, size_t shown, size_t total)
{
	if (total > shown)
		std::fprintf(out, "  ... and %zu more\n", total - shown);
}

void trace_summary_write(const TraceModel &m, const char *name, FILE *out)
{
	std::fprintf(out, "trace %s: %zu events in %zu lines, %s", name, m.size(), m.lines(),
		format_duration(m.last_time() - m.first_time()).c_str());
	if (m.workers_announced())
		std::fprintf(out, ", %d workers", m.workers_announced());
	std::fputc('\n', out);
	if (m.bad_lines())
		std::fprintf(out, "  %zu bad line(s); first: %s\n", m.bad_lines(), m.first_error().c_str());
	if (m.dropped())
		std::fprintf(out, "  %zu events dropped by the runtime (trace.drop)\n", m.dropped());

	size_t service_count = m.services().size() - (m.service_index(0) >= 0 ? 1 : 0);   // not the runtime's lane
	std::fprintf(out, "\nservices (%zu)\n", service_count);
	size_t shown = 0;
	for (const Service &s : m.services()) {
		if (s.handle == 0 || shown == ROWS)
			continue;
		shown++;
		std::string what = s.module + (s.args.empty() ? "" : " " + s.args);
		std::fprintf(out, "  %s  %-24s %-12s%s\n", format_handle(s.handle).c_str(), what.c_str(), s.name.c_str(),
			s.exited != NO_EVENT ? " (exited)" : "");
	}
	more(out, shown, service_count);

	std::fprintf(out, "\nmessages per edge (src -> dst: count, by type)\n");
	std::vector<const Edge *> edges;
	for (const Edge &e : m.edges())
		edges.push_back(&e);
	std::sort(edges.begin(), edges.end(), [](const Edge *a, const Edge *b) { return a->messages.size() > b->messages.size(); });
	for (size_t i = 0; i < edges.size() && i < ROWS; i++) {
		const Edge &e = *edges[i];
		std::string types;
		for (int t = 0; t < 16; t++)
			if (e.by_type[t])
				types += " " + std::string(ptype_name(t)) + " " + std::to_string(e.by_type[t]);
		std::fprintf(out, "  %-20s -> %-20s %6zu :%s\n", m.service_label(e.src).c_str(), m.service_label(e.dst).c_str(),
			e.messages.size(), types.c_str());
	}
	more(out, std::min(edges.size(), ROWS), edges.size());

	std::fprintf(out, "\nevents by kind\n ");
	for (int k = 0; k < KIND_COUNT; k++)
		if (m.kind_counts()[k])
			std::fprintf(out, " %s %u", std::string(kind_name(Kind(k))).c_str(), m.kind_counts()[k]);
	std::fputc('\n', out);

	std::map<std::string, size_t> whys;
	for (const Wait &w : m.waits())
		whys[std::string(m.word(w.why))]++;
	std::fprintf(out, "\ncoroutine suspends by why\n ");
	for (auto &[why, n] : whys)
		std::fprintf(out, " %s %zu", why.c_str(), n);
	std::fprintf(out, "%s\n", whys.empty() ? " (none)" : "");

	std::vector<std::pair<int64_t, const Message *>> dispatches;
	for (const Message &msg : m.messages())
		if (msg.begin != NO_EVENT && msg.end != NO_EVENT)
			dispatches.push_back({m.event(msg.end).t - m.event(msg.begin).t, &msg});
	size_t n = std::min(TOP, dispatches.size());
	std::partial_sort(dispatches.begin(), dispatches.begin() + n, dispatches.end(),
		[](auto &a, auto &b) { return a.first > b.first; });
	std::fprintf(out, "\nslowest dispatches\n");
	for (size_t i = 0; i < n; i++) {
		const Message &msg = *dispatches[i].second;
		const Event &b = m.event(msg.begin);
		std::fprintf(out, "  %10s  %-20s %s from %s (id %llu, thread %d, line %u)\n", format_duration(dispatches[i].first).c_str(),
			m.service_label(b.h).c_str(), std::string(ptype_name(msg.type)).c_str(), m.service_label(msg.src).c_str(),
			(unsigned long long)msg.id, b.thread, b.line);
	}

	// An unanswered call waits until the end of the trace, and is marked so.
	std::vector<std::pair<int64_t, const Call *>> calls;
	for (const Call &c : m.calls()) {
		int64_t until = c.resume != NO_EVENT ? m.event(c.resume).t : m.last_time();
		calls.push_back({until - m.event(c.suspend).t, &c});
	}
	n = std::min(TOP, calls.size());
	std::partial_sort(calls.begin(), calls.begin() + n, calls.end(), [](auto &a, auto &b) { return a.first > b.first; });
	std::fprintf(out, "\nlongest pending calls\n");
	for (size_t i = 0; i < n; i++) {
		const Call &c = *calls[i].second;
		std::fprintf(out, "  %10s  %-20s -> %-20s session %d (line %u)%s\n", format_duration(calls[i].first).c_str(),
			m.service_label(c.caller).c_str(), m.service_label(c.callee).c_str(), c.session, m.event(c.suspend).line,
			c.resume == NO_EVENT ? "  never answered" : "");
	}
	if (calls.empty())
		std::fprintf(out, "  (none)\n");
}

int trace_summary(const char *in, FILE *out)
{
	TraceModel model;
	std::string error;
	if (!load_trace_file(in, model, error)) {
		std::fprintf(stderr, "skyglass trace summary: %s\n", error.c_str());
		return 1;
	}
	trace_summary_write(model, in, out);
	return 0;
}
