// schema_doc: prints the event tables of docs/trace-format.md from trace/schema.h, and checks or rewrites the document.
//
//   trace_schema_doc                  print the generated section
//   trace_schema_doc --check FILE     exit 1 when FILE's section differs (a ctest)
//   trace_schema_doc --write FILE     replace FILE's section
// The section lies between the lines `<!-- schema:begin -->` and `<!-- schema:end -->`.
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "trace/schema.h"

namespace ts = trace_schema;

static const char *const BEGIN = "<!-- schema:begin -->\n";
static const char *const END = "<!-- schema:end -->\n";

static const char *json_type(ts::field_type t)
{
	static const char *const names[] = {
#define JSON_TYPE(tag, json, meaning) json,
		TRACE_FIELD_TYPES(JSON_TYPE)
#undef JSON_TYPE
	};
	return names[int(t)];
}

// Which value list a field's values come from, for the type column.
static const char *values_of(ts::field_type t)
{
	switch (t) {
	case ts::field_type::co_why: return "[why](#why)";
	case ts::field_type::timer_op: return "[timer op](#timer-op)";
	case ts::field_type::poll_kind: return "[sock.poll kind](#sockpoll-kind)";
	case ts::field_type::sock_op: return "[sock.lua op](#socklua-op)";
	case ts::field_type::want: return "[want](#want)";
	case ts::field_type::drop_reason: return "[reason](#reason)";
	case ts::field_type::ptype: return "[protocol type](#protocol-type)";
	case ts::field_type::socket_type: return "[socket type](#socket-type)";
	case ts::field_type::handle: return "service";
	case ts::field_type::peer: return "service";
	default: return nullptr;
	}
}

static std::string generate()
{
	std::ostringstream o;
	o << "<!-- Generated from trace/schema.h by trace_schema_doc --write; edit the schema, not this section. -->\n";
	const char *group = "";
	for (int k = 0; k < ts::kind_count; k++) {
		const ts::kind_info &ki = ts::kinds[k];
		if (strcmp(group, ki.group) != 0) {
			group = ki.group;
			std::string title = group;
			title[0] = char(toupper(title[0]));
			o << "\n### " << title << "\n";
		}
		o << "\n#### `" << ki.ev << "`: " << ki.when << "\n\n";
		if (ki.always_kept)
			o << "Always kept, whatever `trace_filter` says.";
		else
			o << "Kept by `trace_filter` terms.";
		if (ki.from_writer)
			o << " Written by the trace writer itself.";
		o << "\n\n";
		if (ki.field_count == 0) {
			o << "No fields.\n";
			continue;
		}
		o << "| field | type | meaning |\n|---|---|---|\n";
		for (int i = 0; i < ki.field_count; i++) {
			const ts::field_info &f = ki.fields[i];
			o << "| `" << f.key << "` | " << json_type(f.type);
			if (const char *v = values_of(f.type))
				o << " (" << v << ")";
			if (f.optional)
				o << ", absent when 0/none";
			o << " | " << f.meaning << " |\n";
		}
	}
	o << "\n### Values\n";
#define WORD_ROW(id, text, meaning) o << "| `" << text << "` | " << meaning << " |\n";
#define NUMBER_ROW(name, number, meaning) o << "| " << number << " | `" #name "` | " << meaning << " |\n";
	o << "\n#### why\n\n| value | meaning |\n|---|---|\n";
	TRACE_CO_WHY(WORD_ROW)
	o << "\n#### timer op\n\n| value | meaning |\n|---|---|\n";
	TRACE_TIMER_OP(WORD_ROW)
	o << "\n#### sock.poll kind\n\n| value | meaning |\n|---|---|\n";
	TRACE_POLL_KIND(WORD_ROW)
	o << "\n#### sock.lua op\n\n| value | meaning |\n|---|---|\n";
	TRACE_SOCK_OP(WORD_ROW)
	o << "\n#### want\n\nA byte count (0: whatever arrives), or:\n\n| value | meaning |\n|---|---|\n";
	TRACE_WANT(WORD_ROW)
	o << "\n#### reason\n\n| value | meaning |\n|---|---|\n";
	TRACE_DROP_REASON(WORD_ROW)
	o << "\n#### protocol type\n\n| number | name | meaning |\n|---|---|---|\n";
	TRACE_PTYPE(NUMBER_ROW)
	o << "\n#### socket type\n\n| number | name | meaning |\n|---|---|---|\n";
	TRACE_SOCKET_TYPE(NUMBER_ROW)
	return o.str();
}

static bool read_file(const char *path, std::string &out)
{
	std::ifstream f(path, std::ios::binary);
	if (!f)
		return false;
	std::ostringstream s;
	s << f.rdbuf();
	out = s.str();
	return true;
}

int main(int argc, char **argv)
{
	std::string section = generate();
	if (argc == 1) {
		fputs(section.c_str(), stdout);
		return 0;
	}
	if (argc != 3 || (strcmp(argv[1], "--check") != 0 && strcmp(argv[1], "--write") != 0)) {
		fprintf(stderr, "usage: trace_schema_doc [--check|--write FILE]\n");
		return 2;
	}
	std::string doc;
	if (!read_file(argv[2], doc)) {
		fprintf(stderr, "trace_schema_doc: cannot read %s\n", argv[2]);
		return 2;
	}
	size_t b = doc.find(BEGIN), e = doc.find(END);
	if (b == std::string::npos || e == std::string::npos || e < b) {
		fprintf(stderr, "trace_schema_doc: %s has no '<!-- schema:begin -->' ... '<!-- schema:end -->' section\n",
			argv[2]);
		return 1;
	}
	b += strlen(BEGIN);
	if (strcmp(argv[1], "--check") == 0) {
		if (doc.compare(b, e - b, section) == 0)
			return 0;
		fprintf(stderr, "trace_schema_doc: %s disagrees with trace/schema.h; run: trace_schema_doc --write %s\n",
			argv[2], argv[2]);
		return 1;
	}
	doc.replace(b, e - b, section);
	std::ofstream out(argv[2], std::ios::binary);
	out << doc;
	return out ? 0 : 1;
}
