// trace_format: turns trace_record into the JSON lines of docs/trace-format.md, field by field as trace/schema.h lists them.
#include <charconv>
#include <cstdlib>
#include <cstring>

#include "kernel/trace_record.h"

namespace ts = trace_schema;

// Fields are written into a stack buffer with memcpy and to_chars, and the
// line is appended to `out` in one go: the writer thread formats every
// event, and std::string's small appends were a tenth of its time. Free text
// is escaped straight into `out` after what the buffer holds.
struct line_writer {
	std::string &out;
	char buf[256];
	char *at = buf;

	explicit line_writer(std::string &o) : out(o) {}
	void raw(const char *s, size_t n)
	{
		room(n);
		if (n > sizeof(buf)) {
			out.append(s, n);
			return;
		}
		memcpy(at, s, n);
		at += n;
	}
	void spill()
	{
		out.append(buf, at - buf);
		at = buf;
	}
	// A key or a punctuation of known length: a fixed-size memcpy the
	// compiler turns into a few moves. Through raw() (a call, then memcpy's
	// call) it was a third of the writer's time per event.
	template <size_t N> [[gnu::always_inline]] void literal(const char (&k)[N])
	{
		static_assert(N - 1 <= sizeof(buf));
		room(N - 1);
		memcpy(at, k, N - 1);
		at += N - 1;
	}
	[[gnu::always_inline]] void room(size_t n)
	{
		if (at + n > buf + sizeof(buf))
			spill();
	}
	[[gnu::always_inline]] void number(int64_t v)
	{
		room(24);
		at = std::to_chars(at, buf + sizeof(buf), v).ptr;
	}
	[[gnu::always_inline]] void unumber(uint64_t v)
	{
		room(24);
		at = std::to_chars(at, buf + sizeof(buf), v).ptr;
	}
	void word(const char *s)
	{
		raw("\"", 1);
		raw(s, strlen(s));
		raw("\"", 1);
	}
};

// --- one writer per field type, and when an `if_set` field counts as set ---

static bool is_set(int64_t v) { return v != 0; }
static bool is_set(uint32_t v) { return v != 0; }
static bool is_set(bool v) { return v; }
static bool is_set(const trace_want &w) { return w.word != ts::want_word::none || w.bytes >= 0; }
template <typename E> static bool is_set(E v) { return v != E::none; }

static void put_handle(line_writer &w, uint32_t v) { w.unumber(v); }
static void put_peer(line_writer &w, uint32_t v) { w.unumber(v); }
static void put_id(line_writer &w, uint64_t v) { w.unumber(v); }
static void put_i64(line_writer &w, int64_t v) { w.number(v); }
static void put_ptype(line_writer &w, int64_t v) { w.number(v); }
static void put_socket_type(line_writer &w, int64_t v) { w.number(v); }
static void put_flag(line_writer &w, bool v)
{
	if (v)
		w.raw("true", 4);
	else
		w.raw("false", 5);
}
static void put_module(line_writer &w, const char *v)
{
	// Module names are registered by the program; bound them all the same.
	size_t n = v ? strnlen(v, 64) : 0;
	w.raw("\"", 1);
	w.raw(v ? v : "", n);
	w.raw("\"", 1);
}
static void put_text(line_writer &w, const trace_text &v)
{
	w.spill();
	trace_append_json_string(w.out, v.bytes ? v.bytes : "", v.bytes ? v.len : 0);
}
static void put_co_why(line_writer &w, ts::co_why v) { w.word(ts::co_why_text[int(v)]); }
static void put_timer_op(line_writer &w, ts::timer_op v) { w.word(ts::timer_op_text[int(v)]); }
static void put_poll_kind(line_writer &w, ts::poll_kind v) { w.word(ts::poll_kind_text[int(v)]); }
static void put_sock_op(line_writer &w, ts::sock_op v) { w.word(ts::sock_op_text[int(v)]); }
static void put_drop_reason(line_writer &w, ts::drop_reason v) { w.word(ts::drop_reason_text[int(v)]); }
static void put_want(line_writer &w, const trace_want &v)
{
	if (v.word != ts::want_word::none)
		w.word(ts::want_word_text[int(v.word)]);
	else
		w.number(v.bytes);
}

#define PRESENT_always(value) true
#define PRESENT_if_set(value) is_set(value)

// One `case` per kind: its fields in schema order.
#define FORMAT_FIELD(type, key, presence, meaning) \
	if (PRESENT_##presence(f.key)) { \
		w.literal(",\"" #key "\":"); \
		put_##type(w, f.key); \
	}
#define FORMAT_CASE(name, ev, group, keep, origin, when) \
	case ts::kind::name: { \
		[[maybe_unused]] const trace_rec_##name &f = r.name; \
		w.literal("{\"t\":"); \
		w.unumber(r.t); \
		w.literal(",\"ev\":\"" ev "\""); \
		TRACE_FIELDS_##name(FORMAT_FIELD) \
		break; \
	}

void trace_format(const trace_record &r, std::string &out)
{
	line_writer w(out);
	switch (r.kind) {
		TRACE_EVENTS(FORMAT_CASE)
	}
	w.literal("}\n");
	w.spill();
}

#define FREE_FIELD(type, key, presence, meaning) FREE_IF_##type(key)
#define FREE_CASE(name, ev, group, keep, origin, when) \
	case ts::kind::name: { \
		[[maybe_unused]] trace_rec_##name &f = r.name; \
		TRACE_FIELDS_##name(FREE_FIELD) \
		break; \
	}
#define FREE_IF_text(key) free(f.key.bytes);
#define FREE_IF_handle(key)
#define FREE_IF_peer(key)
#define FREE_IF_id(key)
#define FREE_IF_i64(key)
#define FREE_IF_flag(key)
#define FREE_IF_module(key)
#define FREE_IF_co_why(key)
#define FREE_IF_timer_op(key)
#define FREE_IF_poll_kind(key)
#define FREE_IF_sock_op(key)
#define FREE_IF_drop_reason(key)
#define FREE_IF_want(key)
#define FREE_IF_ptype(key)
#define FREE_IF_socket_type(key)

void trace_record_free(trace_record &r)
{
	switch (r.kind) {
		TRACE_EVENTS(FREE_CASE)
	}
}

void trace_append_json_string(std::string &out, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	out += '"';
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = p[i];
		if (c == '"' || c == '\\') {
			out += '\\';
			out += (char)c;
		} else if (c == '\n') {
			out += "\\n";
		} else if (c == '\t') {
			out += "\\t";
		} else if (c < 0x20 || c >= 0x80) {
			// Non-ASCII is escaped byte by byte: log text may not be UTF-8,
			// and a reader must never choke on a line.
			if (c >= 0x80) {
				// Pass through well-formed UTF-8 sequences unchanged.
				// Strictly: no overlong forms, surrogates or values past U+10FFFF,
				// which strict JSON readers reject.
				int len = (c >= 0xf5) ? 0 : (c >= 0xf0) ? 4 : (c >= 0xe0) ? 3 : (c >= 0xc2) ? 2 : 0;
				bool ok = len > 0 && i + len <= n;
				for (int k = 1; ok && k < len; k++)
					ok = (p[i + k] & 0xc0) == 0x80;
				if (ok && len >= 3) {
					unsigned char lo = 0x80, hi = 0xbf, second = p[i + 1];
					if (c == 0xe0) lo = 0xa0;
					if (c == 0xed) hi = 0x9f;
					if (c == 0xf0) lo = 0x90;
					if (c == 0xf4) hi = 0x8f;
					ok = second >= lo && second <= hi;
				}
				if (ok) {
					out.append((const char *)p + i, len);
					i += len - 1;
					continue;
				}
			}
			out += "\\u00";
			out += hex[c >> 4];
			out += hex[c & 15];
		} else {
			out += (char)c;
		}
	}
	out += '"';
}
