// event: the names of event kinds, protocol types and socket message types.
#include "viewer/model/event.h"

static constexpr std::string_view KIND_NAMES[KIND_COUNT] = {
	"trace.start", "trace.drop", "trace.stop",
	"svc.new", "svc.name", "svc.exit",
	"msg.push", "msg.begin", "msg.end", "msg.drop",
	"co.new", "co.suspend", "co.resume", "co.exit",
	"timer", "log",
	"sock.poll", "sock.fwd", "sock.lua", "netpack",
	"?",
};

std::string_view kind_name(Kind k)
{
	return KIND_NAMES[int(k)];
}

// Linear scan over twenty short names: cheaper than hashing for strings this
// short, and it runs once per line.
Kind kind_from_name(std::string_view ev)
{
	for (int i = 0; i < KIND_COUNT - 1; i++)
		if (KIND_NAMES[i] == ev)
			return Kind(i);
	return Kind::Unknown;
}

std::string_view ptype_name(int type)
{
	switch (type) {
	case 0: return "TEXT";
	case 1: return "RESPONSE";
	case 2: return "MULTICAST";
	case 3: return "CLIENT";
	case 4: return "SYSTEM";
	case 5: return "HARBOR";
	case 6: return "SOCKET";
	case 7: return "ERROR";
	case 9: return "DEBUG";
	case 10: return "LUA";
	case 11: return "SNAX";
	case 12: return "TRACE";
	default: return "?";
	}
}

std::string_view socket_type_name(int type)
{
	switch (type) {
	case 1: return "DATA";
	case 2: return "CONNECT";
	case 3: return "CLOSE";
	case 4: return "ACCEPT";
	case 5: return "ERROR";
	case 6: return "UDP";
	case 7: return "WARNING";
	default: return "?";
	}
}
