// trace_model: ingest — split lines, parse each into an Event, keep the text, keep time order.
#include "trace/trace_model.h"
#include "trace/json_line.h"
#include "trace/trace_line_fast.h"
#include "trace/trace_slots.h"

#include <algorithm>
#include <cstring>
#include <sys/mman.h>

namespace {
std::string text_of(const JsonValue &v)
{
	return json_value_text(v);
}
} // namespace

// For tests: the slot a field of the schema is read into (0: ignored).
int trace_model_slot_of(int kind, std::string_view key)
{
	return trace_slot_of(key, Kind(kind));
}

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
	static thread_local FastLine fast;
	if (fast_parse_ && trace_line_fast(line, fast)) {
		Event &ev = fast.ev;
		ev.line = uint32_t(lines_);
		for (int i = 0; i < fast.word_count; i++)
			(fast.words[i].second ? ev.word2 : ev.word) = intern(fast.words[i].text);
		if (ev.kind == Kind::svc_new) {
			Service &s = service(ev.h);
			s.module = std::string(fast.module);
			s.args = std::string(fast.args);
		} else if (ev.kind == Kind::svc_name) {
			service(ev.h).name = std::string(fast.name);
		}
		add_event(ev, line);
		return;
	}
	ingest_line_reference(line);
}

// The reference reader: any JSON object (json_line), then its fields by
// their slots. trace_line_fast hands it every line not in the writer's shape.
void TraceModel::ingest_line_reference(std::string_view line)
{
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
	// Times are nanoseconds since the runtime started: never negative, and
	// below 2^53 (104 days) so that every difference and every double the
	// views compute from them is exact and cannot overflow.
	if (t_value->i < 0 || t_value->i >= (int64_t(1) << 53)) {
		bad_line("\"t\" out of range (0 to 2^53 ns)");
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
		switch (trace_slot_of(obj.fields[i].key, ev.kind)) {
		case S_ID: ev.id = uint64_t(n); break;
		case S_H: ev.h = uint32_t(n); break;
		case S_PEER: ev.peer = uint32_t(n); break;
		case S_SESSION: ev.session = int32_t(n); break;
		case S_TYPE: ev.type = int32_t(n); break;
		case S_BYTES: ev.bytes = n; break;
		case S_THREAD: ev.thread = int32_t(n); break;
		case S_CO: ev.co = int32_t(n); break;
		case S_SOCK: ev.sock = int32_t(n); break;
		case S_BUFFERED: ev.buffered = n; break;
		case S_PACKETS: ev.packets = int32_t(n); break;
		case S_FLAG: ev.flag = n != 0; break;
		case S_WORD:
			if (v.type == JsonValue::Str) ev.word = intern(v.text);
			break;
		case S_WORD2:
			if (v.type == JsonValue::Str) ev.word2 = intern(v.text);
			break;
		case S_WANT:
			if (v.type == JsonValue::Str) ev.word2 = intern(v.text);
			else ev.packets = int32_t(n);
			break;
		case S_MODULE: module = text_of(v); break;
		case S_ARGS: args = text_of(v); break;
		case S_NAME: name = text_of(v); break;
		case S_IGNORE: case S_TEXT: break;
		}
	}
	if (ev.kind == Kind::svc_new) {
		Service &s = service(ev.h);
		s.module = std::move(module);
		s.args = std::move(args);
	} else if (ev.kind == Kind::svc_name) {
		service(ev.h).name = std::move(name);
	}
	add_event(ev, line);
}

// A line of a stream may arrive in pieces: it is kept until its newline, up to
// MAX_PENDING_LINE bytes. A longer one is counted bad and the rest of it
// dropped: a peer sending a line without end grew this buffer for ever.
void TraceModel::ingest_bytes(std::string_view chunk)
{
	while (!chunk.empty()) {
		const char *nl = static_cast<const char *>(std::memchr(chunk.data(), '\n', chunk.size()));
		size_t len = nl ? size_t(nl - chunk.data()) : chunk.size();
		if (skipping_line_) {
			skipping_line_ = nl == nullptr;
		} else if (pending_.size() + len > MAX_PENDING_LINE) {
			lines_++;
			bad_line("a line longer than " + std::to_string(MAX_PENDING_LINE >> 20) + " MiB, dropped");
			pending_.clear();
			pending_.shrink_to_fit();
			skipping_line_ = nl == nullptr;
		} else if (!nl) {
			pending_.append(chunk);
		} else if (!pending_.empty()) {
			pending_.append(chunk.data(), len);
			ingest_line(pending_);
			pending_.clear();
		} else {
			ingest_line(std::string_view(chunk.data(), len));
		}
		chunk.remove_prefix(nl ? len + 1 : len);
	}
}

char *TraceModel::file_block(size_t size)
{
	// new char[]: no zeroing pass before the read fills it.
	block_.reset(new char[size + 1]);
	block_size_ = size, block_done_ = 0, block_filled_ = 0;
	return block_.get();
}

void TraceModel::ingest_block(size_t end)
{
	end = std::min(end, block_size_);
	block_filled_ = std::max(block_filled_, end);
	const char *base = block_.get();
	while (block_done_ < end) {
		const char *nl = static_cast<const char *>(std::memchr(base + block_done_, '\n', end - block_done_));
		if (!nl)
			return;   // the rest of this line has not been read yet
		ingest_line(std::string_view(base + block_done_, size_t(nl - (base + block_done_))));
		block_done_ = size_t(nl - base) + 1;
	}
}

void TraceModel::finish()
{
	if (block_ && block_done_ < block_filled_) {
		ingest_line(std::string_view(block_.get() + block_done_, block_filled_ - block_done_));
		block_done_ = block_filled_;
	}
	if (pending_.empty())
		return;
	std::string last;
	last.swap(pending_);
	ingest_line(last);
}

// Plain 4 KB pages, no madvise(MADV_HUGEPAGE) on these arrays: on this VM
// (its balloon reports free 2 MB blocks to the host ~2 s after they are
// freed) a huge page is nearly always one the host must back again, and a
// learner's first load paid that: 1.0-1.5 s of CPU for the 1.7M-event gate
// trace instead of 0.4-0.6 s with 4 KB pages, which come from memory the
// guest kept (docs/benchmarks.md, "The first load"). Huge pages only won
// when a load followed another within two seconds.
void TraceModel::reserve_for_bytes(uint64_t bytes)
{
	size_t events = size_t(bytes / 60) + 16;   // trace lines are 60 to 100 bytes
	events_.reserve(events);
	link_.reserve(events);
	order_.reserve(events);
	messages_.reserve(events / 3);
	if (!block_)
		text_.reserve(size_t(bytes));
	reserved_events_ = events;
	reserved_[0] = events_.data(), reserved_[1] = link_.data(), reserved_[2] = order_.data();
}

// Runs on the file's reading thread (trace_source's FileFill) while this
// model's loader parses: it reads only the addresses reserve_for_bytes wrote
// before that thread started, and MADV_POPULATE_WRITE maps the pages without
// changing any the parser has written. It buys the parser the page faults
// of its three per-event arrays (100 B an event; 40% of a first load's
// faults on the 1.7M-event gate trace), spent on the other core. Events past
// the reserve are left alone: their vector may have moved.
void TraceModel::prefault_events(size_t from, size_t to) const
{
	to = std::min(to, reserved_events_);
	if (from >= to)
		return;
	auto populate = [&](void *base, size_t per_event) {
		const uintptr_t page = 4096;
		uintptr_t b = (reinterpret_cast<uintptr_t>(base) + from * per_event) & ~(page - 1);
		uintptr_t e = reinterpret_cast<uintptr_t>(base) + to * per_event;
		madvise(reinterpret_cast<void *>(b), e - b, MADV_POPULATE_WRITE);   // fails harmlessly before Linux 5.14
	};
	populate(reserved_[0], sizeof(Event));
	populate(reserved_[1], sizeof(int32_t));
	populate(reserved_[2], sizeof(EventId));
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
	ev.raw_len = uint32_t(line.size());
	if (block_) {
		ev.raw = uint64_t(line.data() - block_.get());   // the line is in the block already
	} else {
		ev.raw = text_.size();
		text_.append(line);
	}
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

// A lane's events and their times side by side; nearly always an append.
void TraceModel::insert_in_lane(Service &s, EventId e)
{
	int64_t t = events_[e].t;
	if (s.times.empty() || s.times.back() <= t) {
		s.events.push_back(e);
		s.times.push_back(t);
		return;
	}
	size_t i = size_t(std::upper_bound(s.times.begin(), s.times.end(), t) - s.times.begin());
	s.events.insert(s.events.begin() + std::ptrdiff_t(i), e);
	s.times.insert(s.times.begin() + std::ptrdiff_t(i), t);
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
