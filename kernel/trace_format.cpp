// trace_format: turns trace_record into the JSON lines of docs/trace-format.md, field by field as trace/schema.h lists them.
#include <cstdlib>
#include <cstring>

#include "kernel/trace_digits.h"
#include "kernel/trace_format.h"

namespace ts = trace_schema;
namespace td = trace_digits;

// --- the longest line of each kind, from the schema (text fields aside) ---

constexpr size_t longest_word(const char *const *texts, size_t n)
{
	size_t most = 0;
	for (size_t i = 0; i < n; i++) {
		size_t len = 0;
		while (texts[i][len])
			len++;
		most = len > most ? len : most;
	}
	return most + 2; // the quotes
}
#define WORDS_MAX(array) longest_word(ts::array, sizeof(ts::array) / sizeof(ts::array[0]))

// The most bytes a value of each type takes (text: its quotes; its bytes
// are made room for when it is written).
constexpr size_t VALUE_MAX_handle = 10, VALUE_MAX_peer = 10, VALUE_MAX_id = 20, VALUE_MAX_i64 = 20,
	VALUE_MAX_flag = 5, VALUE_MAX_text = 2, VALUE_MAX_module = 64 + 2, VALUE_MAX_ptype = 20,
	VALUE_MAX_socket_type = 20, VALUE_MAX_want = 20 > WORDS_MAX(want_word_text) ? 20 : WORDS_MAX(want_word_text),
	VALUE_MAX_co_why = WORDS_MAX(co_why_text), VALUE_MAX_timer_op = WORDS_MAX(timer_op_text),
	VALUE_MAX_poll_kind = WORDS_MAX(poll_kind_text), VALUE_MAX_sock_op = WORDS_MAX(sock_op_text),
	VALUE_MAX_drop_reason = WORDS_MAX(drop_reason_text);

#define LINE_MAX_FIELD(type, key, presence, meaning) +(sizeof(",\"" #key "\":") - 1 + VALUE_MAX_##type)
#define LINE_MAX_KIND(name, ev, group, keep, origin, when) \
	(sizeof("{\"t\":,\"ev\":\"" ev "\"}\n") - 1 + 20 TRACE_FIELDS_##name(LINE_MAX_FIELD)),
constexpr size_t line_max_of[] = {TRACE_EVENTS(LINE_MAX_KIND)};
constexpr size_t line_max_all()
{
	size_t most = 0;
	for (size_t n : line_max_of)
		most = n > most ? n : most;
	return most;
}
// Room asked for once per line; +16: the timestamp's cached digits are
// copied 16 bytes at a time.
static constexpr size_t LINE_ROOM = line_max_all() + 16;

// Escapes s as a JSON string literal, quotes included, at p; needs 6n + 2
// bytes. Bytes that are not valid UTF-8 are written as \u00XX.
static char *json_string_at(char *p, const unsigned char *s, size_t n);

// --- the line being written ---

struct line_writer {
	trace_lines &lines;
	char *at;

	// A key or a punctuation of known length: a fixed-size memcpy the
	// compiler turns into a few moves.
	template <size_t N> [[gnu::always_inline]] void literal(const char (&k)[N])
	{
		memcpy(at, k, N - 1);
		at += N - 1;
	}
	[[gnu::always_inline]] void number(int64_t v) { at = td::signed_at(at, v); }
	[[gnu::always_inline]] void unumber(uint64_t v) { at = td::unsigned_at(at, v); }
	// `t` and ids: the leading digits are the previous line's most of the
	// time (see trace_lines::leading_digits); then only the last 4 (or 2)
	// are formatted.
	template <uint64_t LOW> [[gnu::always_inline]] void cached(uint64_t v, trace_lines::leading_digits &d)
	{
		uint64_t high = v / LOW;
		if (high == 0) {
			unumber(v);
			return;
		}
		if (high != d.high) {
			d.high = high;
			d.len = uint32_t(td::unsigned_at(d.text, high) - d.text);
		}
		memcpy(at, d.text, 16); // one move; only an id above 10^18 has more
		if (d.len > 16) [[unlikely]]
			memcpy(at, d.text, d.len);
		at += d.len;
		if constexpr (LOW == 10000)
			at = td::four_at(at, uint32_t(v % 10000));
		else {
			memcpy(at, td::pairs + 2 * (v % 100), 2);
			at += 2;
		}
	}
	[[gnu::always_inline]] void time(uint64_t t) { cached<10000>(t, lines.t_digits); }
	void word(const char *s)
	{
		size_t n = strlen(s); // the schema's words: LINE_ROOM counts them
		*at++ = '"';
		memcpy(at, s, n);
		at += n;
		*at++ = '"';
	}
	void text(const trace_text &v)
	{
		size_t n = v.size();
		lines.len = size_t(at - lines.base);
		at = lines.room(6 * n + LINE_ROOM); // the text, then the rest of the line
		at = json_string_at(at, (const unsigned char *)v.data(), n);
	}
};

// --- one writer per field type, and when an `if_set` field counts as set ---

static bool is_set(int64_t v) { return v != 0; }
static bool is_set(uint32_t v) { return v != 0; }
static bool is_set(bool v) { return v; }
static bool is_set(const trace_want &w) { return w.word != ts::want_word::none || w.bytes >= 0; }
template <typename E> static bool is_set(E v) { return v != E::none; }

[[gnu::always_inline]] static inline void put_handle(line_writer &w, uint32_t v) { w.unumber(v); }
[[gnu::always_inline]] static inline void put_peer(line_writer &w, uint32_t v) { w.unumber(v); }
[[gnu::always_inline]] static inline void put_id(line_writer &w, uint64_t v) { w.cached<100>(v, w.lines.id_digits); }
[[gnu::always_inline]] static inline void put_i64(line_writer &w, int64_t v) { w.number(v); }
[[gnu::always_inline]] static inline void put_ptype(line_writer &w, int64_t v) { w.number(v); }
[[gnu::always_inline]] static inline void put_socket_type(line_writer &w, int64_t v) { w.number(v); }
[[gnu::always_inline]] static inline void put_flag(line_writer &w, bool v)
{
	if (v)
		w.literal("true");
	else
		w.literal("false");
}
static void put_module(line_writer &w, const char *v)
{
	// Module names are registered by the program; bound them all the same.
	size_t n = v ? strnlen(v, 64) : 0;
	*w.at++ = '"';
	memcpy(w.at, v ? v : "", n);
	w.at += n;
	*w.at++ = '"';
}
static void put_text(line_writer &w, const trace_text &v) { w.text(v); }
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
		w.time(r.t); \
		w.literal(",\"ev\":\"" ev "\""); \
		TRACE_FIELDS_##name(FORMAT_FIELD) \
		break; \
	}

trace_lines::trace_lines(size_t capacity)
{
	own.resize(capacity < LINE_ROOM ? LINE_ROOM : capacity);
	detach();
}

void trace_lines::grow(size_t n)
{
	if (base != own.data())
		abort(); // attached memory cannot grow: the caller makes room first (trace_line_room)
	size_t want = own.size() * 2;
	own.resize(want > len + n ? want : len + n);
	base = own.data(), cap = own.size();
}

// A text field asks for 6 bytes a byte of it and a line's room after it
// (line_writer::text), from a point at most a line's fixed part in.
#define ROOM_FIELD(type, key, presence, meaning) ROOM_IF_##type(key)
#define ROOM_CASE(name, ev, group, keep, origin, when) \
	case ts::kind::name: { \
		[[maybe_unused]] const trace_rec_##name &f = r.name; \
		TRACE_FIELDS_##name(ROOM_FIELD) \
		break; \
	}
#define ROOM_IF_text(key) n += 6 * size_t(f.key.size()) + LINE_ROOM;
#define ROOM_IF_handle(key)
#define ROOM_IF_peer(key)
#define ROOM_IF_id(key)
#define ROOM_IF_i64(key)
#define ROOM_IF_flag(key)
#define ROOM_IF_module(key)
#define ROOM_IF_co_why(key)
#define ROOM_IF_timer_op(key)
#define ROOM_IF_poll_kind(key)
#define ROOM_IF_sock_op(key)
#define ROOM_IF_drop_reason(key)
#define ROOM_IF_want(key)
#define ROOM_IF_ptype(key)
#define ROOM_IF_socket_type(key)

const size_t trace_line_fixed_room = LINE_ROOM;

size_t trace_line_room(const trace_record &r)
{
	size_t n = LINE_ROOM;
	if (!trace_kind_has_text[int(r.kind)])
		return n;
	switch (r.kind) {
		TRACE_EVENTS(ROOM_CASE)
	}
	return n;
}

void trace_lines::add(const trace_record &r)
{
	line_writer w{*this, room(LINE_ROOM)};
	switch (r.kind) {
		TRACE_EVENTS(FORMAT_CASE)
	}
	w.literal("}\n");
	len = size_t(w.at - base);
}

void trace_format(const trace_record &r, std::string &out)
{
	trace_lines lines(LINE_ROOM);
	lines.add(r);
	out.append(lines.view());
}

#define FREE_FIELD(type, key, presence, meaning) FREE_IF_##type(key)
#define FREE_CASE(name, ev, group, keep, origin, when) \
	case ts::kind::name: { \
		[[maybe_unused]] trace_rec_##name &f = r.name; \
		TRACE_FIELDS_##name(FREE_FIELD) \
		break; \
	}
#define FREE_IF_text(key) free(f.key.block);
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

static char *json_string_at(char *p, const unsigned char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	*p++ = '"';
	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];
		if (c == '"' || c == '\\') {
			*p++ = '\\';
			*p++ = char(c);
		} else if (c == '\n') {
			*p++ = '\\';
			*p++ = 'n';
		} else if (c == '\t') {
			*p++ = '\\';
			*p++ = 't';
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
					ok = (s[i + k] & 0xc0) == 0x80;
				if (ok && len >= 3) {
					unsigned char lo = 0x80, hi = 0xbf, second = s[i + 1];
					if (c == 0xe0) lo = 0xa0;
					if (c == 0xed) hi = 0x9f;
					if (c == 0xf0) lo = 0x90;
					if (c == 0xf4) hi = 0x8f;
					ok = second >= lo && second <= hi;
				}
				if (ok) {
					memcpy(p, s + i, len);
					p += len;
					i += len - 1;
					continue;
				}
			}
			memcpy(p, "\\u00", 4);
			p[4] = hex[c >> 4];
			p[5] = hex[c & 15];
			p += 6;
		} else {
			*p++ = char(c);
		}
	}
	*p++ = '"';
	return p;
}
