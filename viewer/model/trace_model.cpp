// trace_model: ingest — split lines, parse each into an Event, keep the text, keep time order.
#include "viewer/model/trace_model.h"
#include "viewer/model/json_line.h"

#include <cstring>
#include <sys/mman.h>

// Keys are matched by length first and then by text: a handful of compares per
// field, which keeps ingest well above a million lines a second.
namespace {
enum Key { K_OTHER, K_T, K_EV, K_ID, K_SRC, K_DST, K_SESSION, K_TYPE, K_SIZE, K_H, K_THREAD,
	K_CO, K_WHY, K_MODULE, K_ARGS, K_NAME, K_OP, K_TICKS, K_SOCK, K_KIND, K_BYTES, K_OWNER,
	K_BUFFERED, K_WANT, K_IN, K_PACKETS, K_PARTIAL, K_OK, K_REASON, K_COUNT };

Key key_of(std::string_view k)
{
	switch (k.size()) {
	case 1: return k[0] == 't' ? K_T : k[0] == 'h' ? K_H : K_OTHER;
	case 2:
		if (k == "ev") return K_EV;
		if (k == "id") return K_ID;
		if (k == "co") return K_CO;
		if (k == "op") return K_OP;
		if (k == "in") return K_IN;
		if (k == "ok") return K_OK;
		return K_OTHER;
	case 3:
		if (k == "src") return K_SRC;
		if (k == "dst") return K_DST;
		if (k == "why") return K_WHY;
		return K_OTHER;
	case 4:
		if (k == "type") return K_TYPE;
		if (k == "size") return K_SIZE;
		if (k == "args") return K_ARGS;
		if (k == "name") return K_NAME;
		if (k == "sock") return K_SOCK;
		if (k == "kind") return K_KIND;
		if (k == "want") return K_WANT;
		return K_OTHER;
	case 5:
		if (k == "ticks") return K_TICKS;
		if (k == "bytes") return K_BYTES;
		if (k == "owner") return K_OWNER;
		if (k == "count") return K_COUNT;
		return K_OTHER;
	case 6:
		if (k == "thread") return K_THREAD;
		if (k == "module") return K_MODULE;
		if (k == "reason") return K_REASON;
		return K_OTHER;
	case 7:
		if (k == "session") return K_SESSION;
		if (k == "packets") return K_PACKETS;
		if (k == "partial") return K_PARTIAL;
		return K_OTHER;
	case 8: return k == "buffered" ? K_BUFFERED : K_OTHER;
	default: return K_OTHER;
	}
}

std::string text_of(const JsonValue &v)
{
	return json_value_text(v);
}
} // namespace

void TraceModel::bad_line(std::string_view what)
{
	if (bad_lines_++ == 0)
		first_error_ = "line " + std::to_string(lines_) + ": " + std::string(what);
}

void TraceModel::ingest_line(std::string_view line)
{
	lines_++;
	if (!line.empty() && line.back() == '\r')
		line.remove_suffix(1);
	if (line.find_first_not_of(" \t") == std::string_view::npos)
		return;   // blank lines are allowed and carry nothing
	static thread_local JsonObject obj;
	static thread_local std::string error;
	if (!json_line_parse(line, obj, error)) {
		bad_line(error);
		return;
	}
	// `ev` first, since what other fields mean depends on it.
	const JsonValue *ev_value = obj.count > 1 && obj.fields[1].key == "ev" ? &obj.fields[1].value : obj.find("ev");
	const JsonValue *t_value = obj.count > 0 && obj.fields[0].key == "t" ? &obj.fields[0].value : obj.find("t");
	if (!ev_value || ev_value->type != JsonValue::Str) {
		bad_line("no \"ev\" string");
		return;
	}
	if (!t_value || t_value->type != JsonValue::Int) {
		bad_line("no integer \"t\"");
		return;
	}
	Event ev;
	ev.t = t_value->i;
	ev.kind = kind_from_name(ev_value->text);
	if (ev.kind == Kind::Unknown)
		ev.word2 = intern(ev_value->text);
	ev.line = uint32_t(lines_);

	std::string module, args, name;
	for (int i = 0; i < obj.count; i++) {
		const JsonValue &v = obj.fields[i].value;
		int64_t n = v.type == JsonValue::Int || v.type == JsonValue::Bool ? v.i : 0;
		switch (key_of(obj.fields[i].key)) {
		case K_ID: ev.id = uint64_t(n); break;
		case K_SRC:
			if (ev.kind == Kind::CoNew) ev.peer = uint32_t(n);
			else ev.h = uint32_t(n);
			break;
		case K_DST: ev.peer = uint32_t(n); break;
		case K_H: case K_OWNER: ev.h = uint32_t(n); break;
		case K_SESSION: ev.session = int32_t(n); break;
		case K_TYPE: ev.type = int32_t(n); break;
		case K_SIZE: case K_BYTES: case K_IN: case K_TICKS: case K_COUNT: ev.bytes = n; break;
		case K_THREAD: ev.thread = int32_t(n); break;
		case K_CO: ev.co = int32_t(n); break;
		case K_SOCK: ev.sock = int32_t(n); break;
		case K_BUFFERED: ev.buffered = n; break;
		case K_PACKETS: ev.packets = int32_t(n); break;
		case K_PARTIAL: case K_OK: ev.flag = n != 0; break;
		case K_WHY: case K_OP: case K_KIND: case K_REASON:
			if (v.type == JsonValue::Str) ev.word = intern(v.text);
			break;
		case K_WANT:
			if (v.type == JsonValue::Str) ev.word2 = intern(v.text);
			else ev.packets = int32_t(n);
			break;
		case K_MODULE: module = text_of(v); break;
		case K_ARGS: args = text_of(v); break;
		case K_NAME: name = text_of(v); break;
		default: break;
		}
	}
	if (ev.kind == Kind::SvcNew) {
		Service &s = service(ev.h);
		s.module = std::move(module);
		s.args = std::move(args);
	} else if (ev.kind == Kind::SvcName) {
		service(ev.h).name = std::move(name);
	}
	add_event(ev, line);
}

void TraceModel::ingest_bytes(std::string_view chunk)
{
	while (!chunk.empty()) {
		const char *nl = static_cast<const char *>(std::memchr(chunk.data(), '\n', chunk.size()));
		if (!nl) {
			pending_.append(chunk);
			return;
		}
		std::string_view head(chunk.data(), nl - chunk.data());
		if (!pending_.empty()) {
			pending_.append(head);
			ingest_line(pending_);
			pending_.clear();
		} else {
			ingest_line(head);
		}
		chunk.remove_prefix(head.size() + 1);
	}
}

void TraceModel::finish()
{
	if (pending_.empty())
		return;
	std::string last;
	last.swap(pending_);
	ingest_line(last);
}

// Asks for transparent huge pages on a big block: a million events touch
// some 200 MB, and faulting that in 4 KB pages cost a third of the ingest time
// here (measured with perf on a VM); 2 MB pages cut the faults tenfold.
static void advise_huge_pages(const void *data, size_t bytes)
{
	const uintptr_t huge = 2u << 20;
	uintptr_t begin = (reinterpret_cast<uintptr_t>(data) + huge - 1) & ~(huge - 1);
	uintptr_t end = (reinterpret_cast<uintptr_t>(data) + bytes) & ~(huge - 1);
	if (end > begin)
		madvise(reinterpret_cast<void *>(begin), end - begin, MADV_HUGEPAGE);
}

void TraceModel::reserve_for_bytes(uint64_t bytes)
{
	size_t events = size_t(bytes / 60) + 16;   // trace lines are 60 to 100 bytes
	events_.reserve(events);
	link_.reserve(events);
	order_.reserve(events);
	messages_.reserve(events / 3);
	text_.reserve(size_t(bytes));
	advise_huge_pages(events_.data(), events_.capacity() * sizeof(Event));
	advise_huge_pages(link_.data(), link_.capacity() * sizeof(int32_t));
	advise_huge_pages(order_.data(), order_.capacity() * sizeof(EventId));
	advise_huge_pages(messages_.data(), messages_.capacity() * sizeof(Message));
	advise_huge_pages(text_.data(), text_.capacity());
}

uint16_t TraceModel::intern(std::string_view w)
{
	// A linear scan: a trace uses a few dozen distinct words (why, op, kind).
	for (size_t i = 1; i < words_.size(); i++)
		if (words_[i] == w)
			return uint16_t(i);
	if (words_.size() >= 0xffff)
		return 0;
	words_.emplace_back(w);
	return uint16_t(words_.size() - 1);
}

uint16_t TraceModel::find_word(std::string_view w) const
{
	for (size_t i = 1; i < words_.size(); i++)
		if (words_[i] == w)
			return uint16_t(i);
	return 0;
}

std::string_view TraceModel::ev_name(EventId e) const
{
	const Event &ev = events_[e];
	return ev.kind == Kind::Unknown ? word(ev.word2) : kind_name(ev.kind);
}

void TraceModel::add_event(const Event &in, std::string_view line)
{
	EventId e = EventId(events_.size());
	events_.push_back(in);
	Event &ev = events_.back();
	ev.raw = text_.size();
	ev.raw_len = uint32_t(line.size());
	text_.append(line);
	link_.push_back(-1);
	kind_counts_[int(ev.kind)]++;
	insert_by_time(order_, e);
	index_event(e);
}

// Lines are nearly in time order (one writer drains per-thread rings), so an
// insert walks back over a few neighbours at most; equal times keep file order.
void TraceModel::insert_by_time(std::vector<EventId> &ids, EventId e)
{
	int64_t t = events_[e].t;
	size_t i = ids.size();
	ids.push_back(e);
	while (i > 0 && events_[ids[i - 1]].t > t) {
		ids[i] = ids[i - 1];
		i--;
	}
	ids[i] = e;
}

void TraceModel::insert_by_message_time(std::vector<uint32_t> &msgs, uint32_t m, bool by_begin)
{
	auto time_of = [&](uint32_t k) {
		const Message &msg = messages_[k];
		return events_[by_begin ? msg.begin : msg.push].t;
	};
	int64_t t = time_of(m);
	size_t i = msgs.size();
	msgs.push_back(m);
	while (i > 0 && time_of(msgs[i - 1]) > t) {
		msgs[i] = msgs[i - 1];
		i--;
	}
	msgs[i] = m;
}

void TraceModel::insert_sample(std::vector<Sample> &s, Sample v)
{
	size_t i = s.size();
	s.push_back(v);
	while (i > 0 && s[i - 1].t > v.t) {
		s[i] = s[i - 1];
		i--;
	}
	s[i] = v;
}
