// json_line: scans a flat JSON object without allocating; the trace model's parser.
#include "trace/json_line.h"

#include <cstring>

const JsonValue *JsonObject::find(std::string_view key) const
{
	for (int i = 0; i < count; i++)
		if (fields[i].key == key)
			return &fields[i].value;
	return nullptr;
}

namespace {

struct Scanner {
	const char *begin, *p, *end;
	std::string *error;

	bool fail(const char *what)
	{
		*error = std::string(what) + " at column " + std::to_string(p - begin + 1);
		return false;
	}
	void skip_space()
	{
		while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
			p++;
	}
	// p is on the opening quote; leaves p after the closing one.
	bool string(std::string_view &out, bool &escaped)
	{
		const char *start = ++p;
		escaped = false;
		for (;;) {
			const char *q = static_cast<const char *>(std::memchr(p, '"', end - p));
			if (!q)
				return p = end, fail("unterminated string");
			// The quote is escaped when an odd number of backslashes precede it.
			const char *b = q;
			while (b > start && b[-1] == '\\')
				b--;
			if (((q - b) & 1) == 0) {
				if (!escaped && std::memchr(start, '\\', q - start))
					escaped = true;
				out = std::string_view(start, q - start);
				p = q + 1;
				return true;
			}
			escaped = true;
			p = q + 1;
		}
	}
	// Skips a nested array or object, strings included; p is on its opener.
	bool nested()
	{
		int depth = 0;
		while (p < end) {
			char c = *p;
			if (c == '"') {
				std::string_view s;
				bool e;
				if (!string(s, e))
					return false;
				continue;
			}
			if (c == '[' || c == '{')
				depth++;
			else if (c == ']' || c == '}') {
				if (--depth == 0) {
					p++;
					return true;
				}
			}
			p++;
		}
		return fail("unterminated array or object");
	}
	bool value(JsonValue &v)
	{
		skip_space();
		if (p >= end)
			return fail("missing value");
		const char *start = p;
		char c = *p;
		if (c == '"') {
			v.type = JsonValue::Str;
			return string(v.text, v.escaped);
		}
		if (c == '-' || (c >= '0' && c <= '9')) {
			bool negative = c == '-';
			if (negative)
				p++;
			uint64_t n = 0;
			bool too_big = false;   // past 64 bits: kept raw, never wrapped
			const char *digits = p;
			while (p < end && *p >= '0' && *p <= '9') {
				uint64_t d = uint64_t(*p++ - '0');
				if (n > (UINT64_MAX - d) / 10)
					too_big = true;
				else
					n = n * 10 + d;
			}
			if (p == digits)
				return fail("bad number");
			// Integers that int64 cannot hold (below INT64_MIN, above INT64_MAX)
			// are kept raw like floats.
			if (n > (negative ? uint64_t(INT64_MAX) + 1 : uint64_t(INT64_MAX)))
				too_big = true;
			if (too_big) {
				while (p < end && (std::strchr("0123456789.eE+-", *p)))
					p++;
				v.type = JsonValue::Other;
				v.text = std::string_view(start, p - start);
				return true;
			}
			if (p < end && (*p == '.' || *p == 'e' || *p == 'E')) {
				// A float: no trace field is one today; keep it raw.
				while (p < end && (std::strchr("0123456789.eE+-", *p)))
					p++;
				v.type = JsonValue::Other;
				v.text = std::string_view(start, p - start);
				return true;
			}
			v.type = JsonValue::Int;
			v.i = negative ? (n == uint64_t(INT64_MAX) + 1 ? INT64_MIN : -int64_t(n)) : int64_t(n);
			return true;
		}
		if (c == 't' && end - p >= 4 && std::memcmp(p, "true", 4) == 0) {
			p += 4, v.type = JsonValue::Bool, v.i = 1;
			return true;
		}
		if (c == 'f' && end - p >= 5 && std::memcmp(p, "false", 5) == 0) {
			p += 5, v.type = JsonValue::Bool, v.i = 0;
			return true;
		}
		if (c == 'n' && end - p >= 4 && std::memcmp(p, "null", 4) == 0) {
			p += 4, v.type = JsonValue::Null;
			return true;
		}
		if (c == '[' || c == '{') {
			if (!nested())
				return false;
			v.type = JsonValue::Other;
			v.text = std::string_view(start, p - start);
			return true;
		}
		return fail("unexpected character");
	}
};

} // namespace

bool json_line_parse(std::string_view line, JsonObject &out, std::string &error)
{
	Scanner s{line.data(), line.data(), line.data() + line.size(), &error};
	out.count = 0;
	s.skip_space();
	if (s.p >= s.end || *s.p != '{')
		return s.fail("expected '{'");
	s.p++;
	s.skip_space();
	if (s.p < s.end && *s.p == '}') {
		s.p++;
	} else {
		for (;;) {
			s.skip_space();
			if (s.p >= s.end || *s.p != '"')
				return s.fail("expected a key");
			if (out.count == JsonObject::MAX_FIELDS)
				return s.fail("too many fields");
			JsonField &f = out.fields[out.count];
			bool escaped;
			if (!s.string(f.key, escaped))
				return false;
			s.skip_space();
			if (s.p >= s.end || *s.p != ':')
				return s.fail("expected ':'");
			s.p++;
			f.value = JsonValue{};
			if (!s.value(f.value))
				return false;
			out.count++;
			s.skip_space();
			if (s.p < s.end && *s.p == ',') {
				s.p++;
				continue;
			}
			if (s.p < s.end && *s.p == '}') {
				s.p++;
				break;
			}
			return s.fail("expected ',' or '}'");
		}
	}
	s.skip_space();
	if (s.p != s.end)
		return s.fail("text after the object");
	return true;
}

static void put_utf8(std::string &out, uint32_t cp)
{
	if (cp < 0x80) {
		out += char(cp);
	} else if (cp < 0x800) {
		out += char(0xc0 | (cp >> 6));
		out += char(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		out += char(0xe0 | (cp >> 12));
		out += char(0x80 | ((cp >> 6) & 0x3f));
		out += char(0x80 | (cp & 0x3f));
	} else {
		out += char(0xf0 | (cp >> 18));
		out += char(0x80 | ((cp >> 12) & 0x3f));
		out += char(0x80 | ((cp >> 6) & 0x3f));
		out += char(0x80 | (cp & 0x3f));
	}
}

static int hex4(std::string_view s, size_t at)
{
	if (at + 4 > s.size())
		return -1;
	int v = 0;
	for (size_t i = at; i < at + 4; i++) {
		char c = s[i];
		v <<= 4;
		if (c >= '0' && c <= '9') v |= c - '0';
		else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
		else return -1;
	}
	return v;
}

std::string json_unescape(std::string_view s)
{
	std::string out;
	out.reserve(s.size());
	for (size_t i = 0; i < s.size(); i++) {
		char c = s[i];
		if (c != '\\' || i + 1 >= s.size()) {
			out += c;
			continue;
		}
		char e = s[++i];
		switch (e) {
		case 'n': out += '\n'; break;
		case 't': out += '\t'; break;
		case 'r': out += '\r'; break;
		case 'b': out += '\b'; break;
		case 'f': out += '\f'; break;
		case 'u': {
			int cp = hex4(s, i + 1);
			if (cp < 0) {
				out += "\\u";
				break;
			}
			i += 4;
			// A high surrogate followed by a low one is one code point.
			if (cp >= 0xd800 && cp < 0xdc00 && i + 2 < s.size() && s[i + 1] == '\\' && s[i + 2] == 'u') {
				int lo = hex4(s, i + 3);
				if (lo >= 0xdc00 && lo < 0xe000) {
					cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
					i += 6;
				}
			}
			put_utf8(out, uint32_t(cp));
			break;
		}
		default: out += e; break;   // \" \\ \/
		}
	}
	return out;
}

std::string json_value_text(const JsonValue &v)
{
	switch (v.type) {
	case JsonValue::Int: return std::to_string(v.i);
	case JsonValue::Str: return v.escaped ? json_unescape(v.text) : std::string(v.text);
	case JsonValue::Bool: return v.i ? "true" : "false";
	case JsonValue::Null: return "null";
	default: return std::string(v.text);
	}
}
