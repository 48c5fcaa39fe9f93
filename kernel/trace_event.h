// trace_event: the fixed-size record that threads put in their rings, and its JSON form.
#pragma once
#include <cstdint>
#include <string>

// One per `ev` name of docs/trace-format.md.
enum trace_kind : uint8_t {
	EV_SVC_NEW, EV_SVC_NAME, EV_SVC_EXIT,
	EV_MSG_PUSH, EV_MSG_BEGIN, EV_MSG_END, EV_MSG_DROP,
	EV_CO_NEW, EV_CO_SUSPEND, EV_CO_RESUME, EV_CO_EXIT,
	EV_TIMER, EV_LOG,
	EV_SOCK_POLL, EV_SOCK_FWD, EV_SOCK_LUA, EV_NETPACK,
	EV_COUNT
};

extern const char *const trace_kind_name[EV_COUNT];

// Fields are generic so every event fits one 64-byte-ish slot; which field
// means what is decided by trace_format for each kind.
struct trace_event {
	uint64_t t;
	uint64_t id;
	int64_t a, b, c, d;
	const char *literal; // a string literal (why, op, kind, reason)
	const char *literal2;
	char *text;          // malloc'd copy (names, args, log text), freed by the writer
	trace_kind kind;
};

// Append the event as one JSON line (with '\n') to out.
void trace_format(const trace_event &e, std::string &out);
// Append s as a JSON string literal, quotes included.
void trace_append_json_string(std::string &out, const char *s, size_t n);
