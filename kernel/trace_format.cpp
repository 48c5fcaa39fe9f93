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

static void num(std::string &out, const char *key, int64_t v)
{
	char buf[24];
	out += ",\"";
	out += key;
	out += "\":";
	auto r = std::to_chars(buf, buf + sizeof(buf), v);
	out.append(buf, r.ptr);
}

static void unum(std::string &out, const char *key, uint64_t v)
{
	char buf[24];
	out += ",\"";
	out += key;
	out += "\":";
	auto r = std::to_chars(buf, buf + sizeof(buf), v);
	out.append(buf, r.ptr);
}

static void str(std::string &out, const char *key, const char *s)
{
	out += ",\"";
	out += key;
	out += "\":";
	trace_append_json_string(out, s ? s : "", s ? strlen(s) : 0);
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
	out += "{\"t\":";
	char buf[24];
	auto r = std::to_chars(buf, buf + sizeof(buf), e.t);
	out.append(buf, r.ptr);
	out += ",\"ev\":\"";
	out += trace_kind_name[e.kind];
	out += '"';
	switch (e.kind) {
	case EV_SVC_NEW:
		unum(out, "h", e.a);
		str(out, "module", e.literal2 ? e.literal2 : "");
		str(out, "args", e.text);
		break;
	case EV_SVC_NAME:
		unum(out, "h", e.a);
		str(out, "name", e.text);
		break;
	case EV_SVC_EXIT:
		unum(out, "h", e.a);
		break;
	case EV_MSG_PUSH:
	case EV_MSG_DROP:
		unum(out, "id", e.id);
		unum(out, "src", e.a);
		unum(out, "dst", e.b);
		num(out, "session", e.c);
		num(out, "type", e.d);
		if (e.kind == EV_MSG_PUSH)
			unum(out, "size", (uint64_t)(uintptr_t)e.literal);
		else
			str(out, "reason", e.literal);
		break;
	case EV_MSG_BEGIN:
	case EV_MSG_END:
		unum(out, "id", e.id);
		unum(out, "h", e.a);
		num(out, "thread", e.b);
		break;
	case EV_CO_NEW:
	case EV_CO_SUSPEND:
	case EV_CO_RESUME:
	case EV_CO_EXIT:
		unum(out, "h", e.a);
		num(out, "co", e.b);
		if (e.kind == EV_CO_EXIT) {
			out += e.d ? ",\"ok\":true" : ",\"ok\":false";
			break;
		}
		num(out, "session", e.c);
		if (e.literal)
			str(out, "why", e.literal);
		if (e.kind == EV_CO_NEW)
			unum(out, "src", e.d);
		else if (e.kind == EV_CO_SUSPEND && e.literal && strcmp(e.literal, "call") == 0)
			unum(out, "dst", e.d);
		break;
	case EV_TIMER:
		str(out, "op", e.literal);
		unum(out, "h", e.a);
		num(out, "session", e.b);
		if (strcmp(e.literal, "set") == 0)
			num(out, "ticks", e.c);
		break;
	case EV_LOG:
		unum(out, "h", e.a);
		out += ",\"text\":";
		trace_append_json_string(out, e.text ? e.text : "", e.text ? (size_t)e.b : 0);
		break;
	case EV_SOCK_POLL:
		num(out, "sock", e.a);
		str(out, "kind", e.literal);
		num(out, "bytes", e.b);
		break;
	case EV_SOCK_FWD:
		num(out, "sock", e.a);
		num(out, "type", e.b);
		unum(out, "owner", e.c);
		unum(out, "id", e.id);
		num(out, "bytes", e.d);
		break;
	case EV_SOCK_LUA:
		num(out, "sock", e.a);
		unum(out, "h", e.b);
		str(out, "op", e.literal);
		num(out, "bytes", e.c);
		num(out, "buffered", e.d);
		if (e.literal2)
			str(out, "want", e.literal2);
		else if ((int64_t)e.id >= 0)
			num(out, "want", (int64_t)e.id);
		break;
	case EV_NETPACK:
		num(out, "sock", e.a);
		num(out, "in", e.b);
		num(out, "buffered", e.c);
		num(out, "packets", e.d);
		out += e.id ? ",\"partial\":true" : ",\"partial\":false";
		break;
	default:
		break;
	}
	out += "}\n";
}
