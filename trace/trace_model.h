// trace_model: every event of a trace, kept in time order and indexed, with the joins the views need.
#pragma once
#include "trace/event.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

// A value of a counter at a time: queue length, buffered bytes.
struct Sample {
	int64_t t;
	int64_t value;
};

struct Service {
	uint32_t handle = 0;
	std::string module, args, name;        // from svc.new and svc.name
	EventId created = NO_EVENT, exited = NO_EVENT;
	std::vector<EventId> events;           // every event with h == handle, by time
	std::vector<int64_t> times;            // their times, same order: a search steps through 8-byte
	                                       // neighbours, not an 88-byte Event each (a cache miss per step)
	std::vector<Sample> queue;             // queue length: +1 per push to it, -1 per dispatch
};

// One message, joined by `id` from msg.push to msg.begin/msg.end (or msg.drop),
// and from the sock.fwd that made it.
struct Message {
	uint64_t id = 0;
	uint32_t src = 0, dst = 0;
	int32_t session = 0, type = -1;
	EventId push = NO_EVENT, begin = NO_EVENT, end = NO_EVENT, drop = NO_EVENT, fwd = NO_EVENT;
	uint16_t label = 0;                    // interned msg.label: what the receiver called it (a snax method)
};

// One co.suspend and the co.resume that ends it (same h and co).
struct Wait {
	uint32_t h = 0, peer = 0;
	int32_t co = 0, session = 0;
	uint16_t why = 0;                      // interned word
	EventId suspend = NO_EVENT, resume = NO_EVENT;
	int32_t call = -1;                     // index into calls() when why is "call"
};

// A skynet.call: the request, the caller's suspend, the RESPONSE (type 1, or
// ERROR 7) that carries the same session back, and the resume it causes.
struct Call {
	uint32_t caller = 0, callee = 0;
	int32_t session = 0, co = 0;
	int32_t request = -1, response = -1;   // indexes into messages()
	EventId suspend = NO_EVENT, resume = NO_EVENT;
};

struct Coroutine {
	uint32_t h = 0;
	int32_t co = 0;
	std::vector<EventId> events;           // its co.* events, by time
};

struct Socket {
	int32_t sock = -1;
	uint32_t owner = 0;                    // the last sock.fwd's owner
	std::vector<EventId> events;           // sock.poll, sock.fwd, sock.lua, netpack, by time
	std::vector<Sample> buffered;          // netpack's buffered bytes after each event
};

// Messages from one service to another, for the graph and for arrows drawn
// by aggregate when zoomed out.
struct Edge {
	uint32_t src = 0, dst = 0;
	std::vector<uint32_t> messages;        // message indexes, by push time
	uint32_t by_type[16] = {};
};

// One worker thread's dispatches, by msg.begin time.
struct Worker {
	int32_t thread = 0;
	std::vector<uint32_t> dispatches;      // message indexes
	int64_t longest = 0;                   // the longest dispatch, to widen range queries
};

// The layers a socket event climbs (docs/architecture.md, "Following one TCP byte"), joined for one event.
struct SocketClimb {
	EventId poll = NO_EVENT;    // OS / socket_server
	EventId fwd = NO_EVENT;     // skynet_socket
	EventId begin = NO_EVENT;   // the PTYPE_SOCKET message dispatched to the owner
	EventId lua = NO_EVENT;     // socket.lua (or netpack)
	EventId resume = NO_EVENT;  // the coroutine woken
	EventId proto = NO_EVENT;   // the http/ws/login event that dispatch recorded on the socket
};

// The client-facing protocol events, a layer above socket.lua.
inline bool is_protocol(Kind k)
{
	return k == Kind::http_req || k == Kind::http_resp || k == Kind::ws_handshake || k == Kind::ws_frame || k == Kind::login;
}

class TraceModel {
public:
	// --- ingest: the line number counts every line handed in, good or bad ---
	void ingest_line(std::string_view line);
	// A chunk of a file or stream; a line split across chunks is kept until its end arrives.
	void ingest_bytes(std::string_view chunk);
	// End of input: a last line without '\n' is ingested (and reported if truncated).
	void finish();
	// Room for a file of `bytes`: growing vectors of a million events by
	// doubling costs more than the parsing does.
	void reserve_for_bytes(uint64_t bytes);
	// Maps the pages that events [from, to) will fill in the arrays
	// reserve_for_bytes made; safe on another thread during the parse.
	void prefault_events(size_t from, size_t to) const;
	// A file, read whole: the loader reads it straight into the model's
	// block (`file_block`, once, before any other input), then hands over its
	// lines with ingest_block as the bytes arrive; finish() takes a last line
	// without '\n'. Events point into the block, so no line is copied: on the
	// 151 MB gate trace that copy and the zeroed pages under it were 15% of
	// the load (docs/benchmarks.md). A model fed this way takes no ingest_bytes.
	char *file_block(size_t size);
	void ingest_block(size_t end);   // the whole lines of block[0, end) not yet ingested
	// Off: every line goes through the reference reader (json_line), as
	// before trace_line_fast; the tests compare the two.
	void set_fast_parse(bool on) { fast_parse_ = on; }

	// --- events ---
	size_t size() const { return events_.size(); }
	const Event &event(EventId e) const { return events_[e]; }
	std::string_view raw(EventId e) const { return {(block_ ? block_.get() : text_.data()) + events_[e].raw, events_[e].raw_len}; }
	std::string_view word(uint16_t w) const { return words_[w]; }
	std::string_view ev_name(EventId e) const;   // kind_name, or the text of an unknown kind
	uint16_t find_word(std::string_view w) const; // 0 when never seen
	// Event ids in time order (stable: equal times keep file order).
	const std::vector<EventId> &by_time() const { return order_; }
	EventId at_rank(size_t r) const { return order_[r]; }
	size_t rank_of(EventId e) const;
	size_t first_rank_at(int64_t t) const;       // first event with time >= t
	int64_t first_time() const;
	int64_t last_time() const;

	// --- errors ---
	size_t lines() const { return lines_; }
	size_t bad_lines() const { return bad_lines_; }
	// A streamed line longer than this is counted bad and dropped (ingest_bytes).
	static constexpr size_t MAX_PENDING_LINE = size_t(16) << 20;
	size_t pending_bytes() const { return pending_.size(); }
	const std::string &first_error() const { return first_error_; }
	size_t dropped() const { return dropped_; }  // sum of trace.drop counts
	// trace.start's worker count, 1 to MAX_WORKERS (the runtime's `thread` range); 0 when
	// there is none or it is out of that range.
	static constexpr int MAX_WORKERS = 256;
	int workers_announced() const { return workers_; }

	// --- indexes ---
	const std::vector<Service> &services() const { return services_; }
	int service_index(uint32_t handle) const;    // -1 when unseen
	std::string service_label(uint32_t handle) const;  // ".name", "snlua main" or ":0000000a"
	const std::vector<Message> &messages() const { return messages_; }
	int message_index(uint64_t id) const;
	int message_of(EventId e) const;             // for msg.* and sock.fwd events
	const std::vector<Wait> &waits() const { return waits_; }
	int wait_of(EventId e) const;                // for co.suspend / co.resume
	const std::vector<Call> &calls() const { return calls_; }
	const std::vector<Coroutine> &coroutines() const { return coroutines_; }
	const std::vector<Socket> &sockets() const { return sockets_; }
	int socket_index(int32_t sock) const;
	const std::vector<Edge> &edges() const { return edges_; }
	const std::vector<Worker> &workers() const { return workers_list_; }
	const std::vector<uint32_t> &kind_counts() const { return kind_counts_; }
	// The cluster node this trace is (its `node` event; "" when none), and its
	// `cluster` events in time order (trace/cluster_join.h pairs two traces').
	const std::string &node_name() const { return node_name_; }
	const std::vector<EventId> &cluster_events() const { return cluster_events_; }
	// Its `harbor` events in time order (trace/harbor_join.h pairs two traces'):
	// h is the message's source, peer its destination, flag true when written.
	const std::vector<EventId> &harbor_events() const { return harbor_events_; }

	// --- queries ---
	// The last sample at or before t (0 before the first).
	static int64_t sample_at(const std::vector<Sample> &s, int64_t t);
	// In a time-sorted id list, the first position with time >= t.
	size_t lower_bound(const std::vector<EventId> &ids, int64_t t) const;
	// A coroutine's last co.* event at or before t, or NO_EVENT.
	EventId coroutine_state_at(const Coroutine &c, int64_t t) const;
	SocketClimb socket_climb(EventId e) const;

private:
	void ingest_line_reference(std::string_view line);
	void add_event(const Event &ev, std::string_view line);
	void index_event(EventId e);
	void index_message(EventId e);
	void index_coroutine(EventId e);
	void index_socket(EventId e);
	uint16_t intern(std::string_view w);
	Service &service(uint32_t handle);
	int message_for(uint64_t id);
	void insert_by_time(std::vector<EventId> &ids, EventId e);
	void insert_in_lane(Service &s, EventId e);
	void insert_by_message_time(std::vector<uint32_t> &msgs, uint32_t m, bool by_begin);
	static void insert_sample(std::vector<Sample> &s, Sample v);
	void bad_line(std::string_view what);

	std::vector<Event> events_;
	std::vector<int32_t> link_;            // per event: message or wait index, or -1
	std::vector<EventId> order_;
	size_t reserved_events_ = 0;           // reserve_for_bytes: room, and where (events_, link_, order_)
	void *reserved_[3] = {};
	bool fast_parse_ = true;
	std::string text_;                     // every good line, back to back (streams)
	std::unique_ptr<char[]> block_;        // or the whole file (file_block)
	size_t block_size_ = 0, block_done_ = 0, block_filled_ = 0;
	std::string pending_;                  // a line split across chunks
	bool skipping_line_ = false;           // dropping the rest of a line past MAX_PENDING_LINE
	std::vector<std::string> words_{""};
	std::vector<uint32_t> kind_counts_ = std::vector<uint32_t>(KIND_COUNT);

	size_t lines_ = 0, bad_lines_ = 0, dropped_ = 0;
	std::string first_error_;
	int workers_ = 0;

	std::vector<Service> services_;
	std::unordered_map<uint32_t, int> service_of_handle_;
	std::vector<Message> messages_;
	std::unordered_map<uint64_t, int> message_of_id_;
	std::vector<Wait> waits_;
	std::map<std::pair<uint32_t, int32_t>, int> open_waits_;     // (h, co)
	std::vector<Call> calls_;
	std::map<std::pair<uint32_t, int32_t>, int> open_calls_;     // (caller, session)
	std::map<std::pair<uint32_t, int32_t>, int> requests_;       // (src, session) -> message
	std::map<std::pair<uint32_t, int32_t>, int> early_responses_; // (dst, session) -> message
	std::vector<Coroutine> coroutines_;
	std::map<std::pair<uint32_t, int32_t>, int> coroutine_of_;
	std::vector<Socket> sockets_;
	std::unordered_map<int32_t, int> socket_of_;
	std::vector<Edge> edges_;
	std::map<std::pair<uint32_t, uint32_t>, int> edge_of_;
	std::string node_name_;
	std::vector<EventId> cluster_events_;
	std::vector<EventId> harbor_events_;
	std::vector<Worker> workers_list_;
	std::unordered_map<int32_t, int> worker_of_;
};

// Formatting shared by the tools and the viewer.
std::string format_handle(uint32_t h);          // ":0000000a"
std::string format_time(int64_t ns);            // "1.520331 ms" style, short
std::string format_duration(int64_t ns);        // "12.3 µs"

// Where the reader keeps a field of the schema (0: it ignores it); for the
// test that the reader and trace/schema.h agree.
int trace_model_slot_of(int kind, std::string_view key);
