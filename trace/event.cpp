// event: the names of event kinds, from trace/schema.h.
#include "trace/event.h"

std::string_view kind_name(Kind k)
{
	return k == Kind::Unknown ? "?" : trace_schema::kind_text[int(k)];
}

Kind kind_from_name(std::string_view ev)
{
	trace_schema::kind k;
	return trace_schema::kind_from_text(ev.data(), ev.size(), k) ? Kind(int(k)) : Kind::Unknown;
}
