// trace_export: services become tracks, dispatches slices, pushes flow arrows, calls async spans, counters counters.
#include "tools/trace_export.h"
#include "trace/json_line.h"
#include "trace/trace_source.h"

#include <cerrno>
#include <cstring>
#include <string>

namespace {

// The length of the well-formed UTF-8 sequence at the start of s (no
// overlong forms, surrogates or values past U+10FFFF), or 0.
size_t utf8_length(std::string_view s)
{
	const unsigned char *p = (const unsigned char *)s.data();
	unsigned char c = p[0];
	size_t len = c >= 0xf5 ? 0 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
	if (len == 0 || len > s.size())
		return 0;
	for (size_t k = 1; k < len; k++)
		if ((p[k] & 0xc0) != 0x80)
			return 0;
	unsigned char lo = 0x80, hi = 0xbf;
	if (c == 0xe0) lo = 0xa0;
	if (c == 0xed) hi = 0x9f;
	if (c == 0xf0) lo = 0x90;
	if (c == 0xf4) hi = 0x8f;
	return p[1] >= lo && p[1] <= hi ? len : 0;
}

// Chrome's format counts microseconds; ours nanoseconds, kept to three decimals.
struct Writer {
	FILE *out;
	bool first = true;

	void begin(const char *ph)
	{
		std::fputs(first ? "\n" : ",\n", out);
		first = false;
		std::fprintf(out, "{\"ph\":\"%s\",\"pid\":1", ph);
	}
	void ts(int64_t ns) { std::fprintf(out, ",\"ts\":%.3f", double(ns) / 1000.0); }
	void num(const char *key, int64_t v) { std::fprintf(out, ",\"%s\":%lld", key, (long long)v); }
	// Well-formed UTF-8 passes; any other byte becomes U+FFFD, so that the
	// file stays valid JSON whatever the trace's text held.
	void quoted(std::string_view s)
	{
		std::fputc('"', out);
		for (size_t i = 0; i < s.size(); i++) {
			unsigned char c = (unsigned char)s[i];
			if (c == '"' || c == '\\') {
				std::fprintf(out, "\\%c", c);
			} else if (c < 0x20) {
				std::fprintf(out, "\\u%04x", c);
			} else if (c < 0x80) {
				std::fputc(c, out);
			} else if (size_t n = utf8_length(s.substr(i))) {
				std::fwrite(s.data() + i, 1, n, out);
				i += n - 1;
			} else {
				std::fputs("\\ufffd", out);
			}
		}
		std::fputc('"', out);
	}
	void str(const char *key, std::string_view s)
	{
		std::fprintf(out, ",\"%s\":", key);
		quoted(s);
	}
	void raw(const char *text) { std::fputs(text, out); }
	void end() { std::fputc('}', out); }
};

std::string type_label(int type)
{
	std::string_view n = ptype_name(type);
	return n == "?" ? "type " + std::to_string(type) : std::string(n);
}

} // namespace

void trace_export_write(const TraceModel &m, FILE *out)
{
	Writer w{out};
	std::fputs("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[", out);
	w.begin("M"), w.str("name", "process_name"), w.raw(",\"args\":{\"name\":\"skyglass\"}"), w.end();

	// A track per service, named as the viewer names it, in creation order.
	for (size_t i = 0; i < m.services().size(); i++) {
		const Service &s = m.services()[i];
		std::string name = m.service_label(s.handle);
		if (s.handle != 0)
			name += " " + format_handle(s.handle);
		w.begin("M"), w.str("name", "thread_name"), w.num("tid", s.handle);
		w.raw(",\"args\":{\"name\":"), w.quoted(name), w.raw("}"), w.end();
		w.begin("M"), w.str("name", "thread_sort_index"), w.num("tid", s.handle);
		std::fprintf(out, ",\"args\":{\"sort_index\":%zu}", i), w.end();
	}

	// Each dispatch is a slice on the receiving service's track; the push that
	// queued it is a flow arrow from the sender's track into that slice.
	for (const Message &msg : m.messages()) {
		if (msg.begin == NO_EVENT)
			continue;
		const Event &b = m.event(msg.begin);
		int64_t end = msg.end != NO_EVENT ? m.event(msg.end).t : b.t;
		std::string name = type_label(msg.type);
		if (msg.type != -1)
			name += " from " + m.service_label(msg.src);
		w.begin("X"), w.str("cat", "dispatch"), w.str("name", name), w.num("tid", b.h), w.ts(b.t);
		std::fprintf(out, ",\"dur\":%.3f", double(end - b.t) / 1000.0);
		std::fprintf(out, ",\"args\":{\"id\":%llu,\"src\":\"%s\",\"session\":%d,\"thread\":%d}",
			(unsigned long long)msg.id, format_handle(msg.src).c_str(), msg.session, b.thread);
		w.end();
		if (msg.push == NO_EVENT)
			continue;
		const Event &p = m.event(msg.push);
		if (msg.src == 0) {
			// The socket thread and the timer have no dispatch to start an
			// arrow from; a short slice gives the flow its anchor.
			w.begin("X"), w.str("cat", "push"), w.str("name", "push " + name), w.num("tid", 0), w.ts(p.t);
			w.raw(",\"dur\":0.001"), w.end();
		}
		w.begin("s"), w.str("cat", "msg"), w.str("name", "message"), w.num("id", int64_t(msg.id));
		w.num("tid", msg.src), w.ts(p.t), w.end();
		w.begin("f"), w.str("cat", "msg"), w.str("name", "message"), w.num("id", int64_t(msg.id));
		w.raw(",\"bp\":\"e\""), w.num("tid", b.h), w.ts(b.t), w.end();
	}

	// A pending call is an async span on the caller's track, suspend to resume.
	for (size_t i = 0; i < m.calls().size(); i++) {
		const Call &c = m.calls()[i];
		if (c.suspend == NO_EVENT || c.resume == NO_EVENT)
			continue;
		std::string name = "call " + m.service_label(c.callee);
		w.begin("b"), w.str("cat", "call"), w.str("name", name), w.num("id", int64_t(i) + 1);
		w.num("tid", c.caller), w.ts(m.event(c.suspend).t);
		std::fprintf(out, ",\"args\":{\"session\":%d,\"co\":%d}", c.session, c.co), w.end();
		w.begin("e"), w.str("cat", "call"), w.str("name", name), w.num("id", int64_t(i) + 1);
		w.num("tid", c.caller), w.ts(m.event(c.resume).t), w.end();
	}

	// Counters: each service's queue length, each socket's netpack buffer.
	for (const Service &s : m.services()) {
		std::string name = "queue " + m.service_label(s.handle);
		for (const Sample &v : s.queue) {
			w.begin("C"), w.str("name", name), w.ts(v.t);
			std::fprintf(out, ",\"args\":{\"length\":%lld}", (long long)v.value), w.end();
		}
	}
	for (const Socket &s : m.sockets()) {
		std::string name = "netpack buffered sock " + std::to_string(s.sock);
		for (const Sample &v : s.buffered) {
			w.begin("C"), w.str("name", name), w.ts(v.t);
			std::fprintf(out, ",\"args\":{\"bytes\":%lld}", (long long)v.value), w.end();
		}
	}

	// Logs as instant events on their service's track.
	for (EventId e : m.by_time()) {
		const Event &ev = m.event(e);
		if (ev.kind != Kind::log)
			continue;
		w.begin("i"), w.str("name", "log"), w.raw(",\"s\":\"t\""), w.num("tid", ev.h), w.ts(ev.t);
		JsonObject obj;
		std::string error, text;
		if (json_line_parse(m.raw(e), obj, error))
			if (const JsonValue *v = obj.find("text"))
				text = json_value_text(*v);
		w.raw(",\"args\":{\"text\":"), w.quoted(text), w.raw("}"), w.end();
	}
	std::fputs("\n]}\n", out);
}

int trace_export(const char *in, const char *out_path)
{
	TraceModel model;
	std::string error;
	if (!load_trace_file(in, model, error)) {
		std::fprintf(stderr, "skyglass trace export: %s\n", error.c_str());
		return 1;
	}
	if (model.bad_lines())
		std::fprintf(stderr, "skyglass trace export: %s: %zu bad line(s), first at %s (kept the rest)\n",
			in, model.bad_lines(), model.first_error().c_str());
	FILE *out = std::fopen(out_path, "wb");
	if (!out) {
		std::fprintf(stderr, "skyglass trace export: %s: %s\n", out_path, std::strerror(errno));
		return 1;
	}
	trace_export_write(model, out);
	if (std::fclose(out) != 0) {
		std::fprintf(stderr, "skyglass trace export: %s: write failed\n", out_path);
		return 1;
	}
	std::fprintf(stderr, "skyglass trace export: %zu events -> %s\n", model.size(), out_path);
	return 0;
}
