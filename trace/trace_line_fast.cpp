// trace_line_fast: a scanner for the runtime's own line shape; the reference reader takes every other line.
#include "trace/trace_line_fast.h"
#include "trace/trace_slots.h"

#include <cstdint>
#include <cstring>

namespace {

struct Cursor {
	const char *p, *end;

	bool literal(const char *s, size_t n)
	{
		if (size_t(end - p) < n || std::memcmp(p, s, n) != 0)
			return false;
		p += n;
		return true;
	}
	// Up to 18 digits always fit in int64; longer numbers, floats and
	// exponents are the reference reader's to judge.
	bool integer(int64_t &out)
	{
		bool negative = p < end && *p == '-';
		if (negative)
			p++;
		const char *digits = p;
		uint64_t n = 0;
		while (p < end && unsigned(*p - '0') < 10)
			n = n * 10 + uint64_t(*p++ - '0');
		if (p == digits || p - digits > 18)
			return false;
		if (p < end && (*p == '.' || *p == 'e' || *p == 'E'))
			return false;
		out = negative ? -int64_t(n) : int64_t(n);
		return true;
	}
	// p on the opening quote; leaves it after the closing one. Printable
	// ASCII only: an escape, a control byte or UTF-8 goes to the reference.
	bool string(std::string_view &out)
	{
		if (p >= end || *p != '"')
			return false;
		const char *start = ++p;
		for (; p < end; p++) {
			unsigned char c = static_cast<unsigned char>(*p);
			if (c == '"') {
				out = std::string_view(start, size_t(p - start));
				p++;
				return true;
			}
			if (c < 0x20 || c >= 0x80 || c == '\\')
				return false;
		}
		return false;
	}
};

enum class Type { Int, Bool, Str };

// kind_from_name compares the name with every kind's in turn (250
// instructions a line); a table indexed by the name's length and two of its
// letters finds the one candidate, checked whole. A clash keeps the first
// kind in the slot; the others take the linear way.
Kind kind_of(std::string_view ev)
{
	auto slot = [](std::string_view s) {
		return s.empty() ? 0u : (unsigned(s.size()) * 31u + unsigned(s[0]) + unsigned(s[s.size() - 1]) * 7u + unsigned(s[s.size() / 2]) * 3u) & 255u;
	};
	static const auto table = [&] {
		struct { Kind kind[256]; bool used[256]; } t{};
		for (int k = 0; k < KIND_COUNT - 1; k++) {
			unsigned i = slot(kind_name(Kind(k)));
			if (!t.used[i])
				t.used[i] = true, t.kind[i] = Kind(k);
		}
		return t;
	}();
	unsigned i = slot(ev);
	if (table.used[i] && kind_name(table.kind[i]) == ev)
		return table.kind[i];
	return kind_from_name(ev);
}

} // namespace

bool trace_line_fast(std::string_view line, FastLine &out)
{
	Cursor c{line.data(), line.data() + line.size()};
	int64_t t = 0;
	std::string_view ev;
	if (!c.literal("{\"t\":", 5) || !c.integer(t) || t < 0 || t >= (int64_t(1) << 53))
		return false;
	if (!c.literal(",\"ev\":", 6) || !c.string(ev))
		return false;
	Kind kind = kind_of(ev);
	if (kind == Kind::Unknown)
		return false;
	out = FastLine{};
	out.ev.t = t;
	out.ev.kind = kind;
	Event &e = out.ev;
	const TraceKindSlots &ks = trace_kind_slots(kind);
	uint32_t seen = 0;   // keys met, by their index in the kind: a repeated key goes to the reference
	int expected = 0;    // the writer's order: the key after the last one is tried first
	while (c.p < c.end && *c.p == ',') {
		c.p++;
		int k = -1;
		// The expected key as it is written, `"key":`, compared in place:
		// no scan of its characters (a third of this parser's instructions).
		if (expected < ks.count) {
			std::string_view want = ks.keys[expected].key;
			const char *q = c.p;
			if (size_t(c.end - q) > want.size() + 2 && q[0] == '"' && std::memcmp(q + 1, want.data(), want.size()) == 0 &&
				q[want.size() + 1] == '"' && q[want.size() + 2] == ':') {
				k = expected;
				c.p = q + want.size() + 3;
			}
		}
		if (k < 0) {
			std::string_view key;
			if (!c.string(key) || !c.literal(":", 1))
				return false;
			for (int i = 0; i < ks.count && k < 0; i++)
				if (ks.keys[i].key == key)
					k = i;
		}
		if (k < 0 || (seen >> k) & 1)
			return false;
		seen |= 1u << k;
		expected = k + 1;

		Type type = Type::Int;
		int64_t n = 0;
		std::string_view s;
		if (c.p >= c.end)
			return false;
		if (*c.p == '"') {
			type = Type::Str;
			if (!c.string(s))
				return false;
		} else if (*c.p == 't' || *c.p == 'f') {
			type = Type::Bool;
			n = *c.p == 't';
			if (!(n ? c.literal("true", 4) : c.literal("false", 5)))
				return false;
		} else if (!c.integer(n)) {
			return false;
		}
		TraceSlot slot = ks.keys[k].slot;
		bool number_slot = slot >= S_ID && slot <= S_FLAG;
		if (number_slot && type == Type::Str)
			return false;
		switch (slot) {
		case S_ID: e.id = uint64_t(n); break;
		case S_H: e.h = uint32_t(n); break;
		case S_PEER: e.peer = uint32_t(n); break;
		case S_SESSION: e.session = int32_t(n); break;
		case S_TYPE: e.type = int32_t(n); break;
		case S_BYTES: e.bytes = n; break;
		case S_THREAD: e.thread = int32_t(n); break;
		case S_CO: e.co = int32_t(n); break;
		case S_SOCK: e.sock = int32_t(n); break;
		case S_BUFFERED: e.buffered = n; break;
		case S_PACKETS: e.packets = int32_t(n); break;
		case S_FLAG: e.flag = n != 0; break;
		case S_WORD: case S_WORD2: case S_WANT:
			if (type == Type::Str) {
				if (out.word_count == 2)
					return false;
				out.words[out.word_count++] = {s, slot != S_WORD};
			} else if (slot == S_WANT) {
				e.packets = int32_t(n);
			}
			break;
		case S_MODULE: case S_ARGS: case S_NAME:
			if (type != Type::Str)
				return false;   // a number as a name: the reference spells it
			(slot == S_MODULE ? out.module : slot == S_ARGS ? out.args : out.name) = s;
			break;
		case S_IGNORE: case S_TEXT: break;
		}
	}
	return c.p + 1 == c.end && *c.p == '}';
}
