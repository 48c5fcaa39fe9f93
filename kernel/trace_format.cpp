// trace_format: turns trace_event records into the JSON lines of docs/trace-format.md.
#include <charconv>
#include <cstring>

#include "kernel/trace_event.h"

const char *const trace_kind_name[EV_COUNT] = {
	"svc.new", "svc.name", "svc.exit",
	"msg.push", "msg.begin", "msg.end", "msg.drop",
	"co.new", "co.suspend", "co.resume", "co.exit",
	"timer", "log",
	"sock.poll", "sock.fwd", "sock.lua", "netpack",
};

// Fields are written into a stack buffer with memcpy and to_chars, and the
// line is appended to `out` once: the writer thread formats every event, and
// std::string's small appends were a tenth of its time.
struct line_buffer {
	char buf[256];
	char *at = buf;

	void raw(const char *s, size_t n)
	{
		memcpy(at, s, n);
		at += n;
	}
	template <size_t N> void lit(const char (&s)[N]) { raw(s, N - 1); }
	void key(const char *k)
	{
		*at++ = ',';
		*at++ = '"';
		size_t n = strlen(k);
		raw(k, n);
		*at++ = '"';
		*at++ = ':';
	}
	void number(int64_t v) { at = std::to_chars(at, buf + sizeof(buf), v).ptr; }
	void unumber(uint64_t v) { at = std::to_chars(at, buf + sizeof(buf), v).ptr; }
};

static void num(line_buffer &b, const char *key, int64_t v)
{
	b.key(key);
	b.number(v);
}

static void unum(line_buffer &b, const char *key, uint64_t v)
{
	b.key(key);
	b.unumber(v);
}

// Literal strings (why, op, kind, reason) need no escaping.
static void lit(line_buffer &b, const char *key, const char *s)
{
	b.key(key);
	*b.at++ = '"';
	size_t n = s ? strlen(s) : 0;
	if (n > 64)
		n = 64;
	b.raw(s ? s : "", n);
	*b.at++ = '"';
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

void trace_format(const trace_event &e, std::string &out)
{
	line_buffer b;
	b.lit("{\"t\":");
	b.unumber(e.t);
	b.lit(",\"ev\":\"");
	b.raw(trace_kind_name[e.kind], strlen(trace_kind_name[e.kind]));
	*b.at++ = '"';
	// Free text (args, names, logs) is escaped straight into `out` after the
	// fixed fields, so it is always the last field of its line.
	const char *text_key = nullptr;
	size_t text_len = 0;
	switch (e.kind) {
	case EV_SVC_NEW:
		unum(b, "h", e.a);
		lit(b, "module", e.literal2 ? e.literal2 : "");
		text_key = "args";
		break;
	case EV_SVC_NAME:
		unum(b, "h", e.a);
		text_key = "name";
		break;
	case EV_SVC_EXIT:
		unum(b, "h", e.a);
		break;
	case EV_MSG_PUSH:
	case EV_MSG_DROP:
		unum(b, "id", e.id);
		unum(b, "src", e.a);
		unum(b, "dst", e.b);
		num(b, "session", e.c);
		num(b, "type", e.d);
		if (e.kind == EV_MSG_PUSH)
			unum(b, "size", (uint64_t)(uintptr_t)e.literal);
		else
			lit(b, "reason", e.literal);
		break;
	case EV_MSG_BEGIN:
	case EV_MSG_END:
		unum(b, "id", e.id);
		unum(b, "h", e.a);
		num(b, "thread", e.b);
		break;
	case EV_CO_NEW:
	case EV_CO_SUSPEND:
	case EV_CO_RESUME:
	case EV_CO_EXIT:
		unum(b, "h", e.a);
		num(b, "co", e.b);
		if (e.kind == EV_CO_EXIT) {
			if (e.d)
				b.lit(",\"ok\":true");
			else
				b.lit(",\"ok\":false");
			break;
		}
		num(b, "session", e.c);
		if (e.literal)
			lit(b, "why", e.literal);
		if (e.kind == EV_CO_NEW)
			unum(b, "src", e.d);
		else if (e.kind == EV_CO_SUSPEND && e.literal && e.literal[0] == 'c' && strcmp(e.literal, "call") == 0)
			unum(b, "dst", e.d);
		break;
	case EV_TIMER:
		lit(b, "op", e.literal);
		unum(b, "h", e.a);
		num(b, "session", e.b);
		if (e.literal[0] == 's')
			num(b, "ticks", e.c);
		break;
	case EV_LOG:
		unum(b, "h", e.a);
		text_key = "text";
		text_len = (size_t)e.b;
		break;
	case EV_SOCK_POLL:
		num(b, "sock", e.a);
		lit(b, "kind", e.literal);
		num(b, "bytes", e.b);
		break;
	case EV_SOCK_FWD:
		num(b, "sock", e.a);
		num(b, "type", e.b);
		unum(b, "owner", e.c);
		unum(b, "id", e.id);
		num(b, "bytes", e.d);
		break;
	case EV_SOCK_LUA:
		num(b, "sock", e.a);
		unum(b, "h", e.b);
		lit(b, "op", e.literal);
		num(b, "bytes", e.c);
		num(b, "buffered", e.d);
		if (e.literal2)
			lit(b, "want", e.literal2);
		else if ((int64_t)e.id >= 0)
			num(b, "want", (int64_t)e.id);
		break;
	case EV_NETPACK:
		num(b, "sock", e.a);
		num(b, "in", e.b);
		num(b, "buffered", e.c);
		num(b, "packets", e.d);
		if (e.id)
			b.lit(",\"partial\":true");
		else
			b.lit(",\"partial\":false");
		break;
	default:
		break;
	}
	if (text_key) {
		b.key(text_key);
		out.append(b.buf, b.at - b.buf);
		const char *text = e.text ? e.text : "";
		trace_append_json_string(out, text, e.kind == EV_LOG ? (e.text ? text_len : 0) : strlen(text));
		out += "}\n";
		return;
	}
	*b.at++ = '}';
	*b.at++ = '\n';
	out.append(b.buf, b.at - b.buf);
}
