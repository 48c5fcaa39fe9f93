// trace: per-thread rings of trace_event, drained by one writer thread into the sinks.
//
// The hot path is a relaxed flag test, a clock read and a store into a ring
// that only this thread writes: no lock, no allocation (except for events
// that carry text, which are rare). When a ring is full the thread waits for
// the writer instead of dropping, so a file trace is complete; live viewers
// that fall behind lose events in their own sink, never here.
#include "kernel/trace.h"

#include <cerrno>
#include <chrono>
#include <sys/stat.h>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>

#include "kernel/skynet.h"
#include "kernel/trace_event.h"
#include "kernel/trace_sink.h"

std::atomic<bool> trace_active{false};

static constexpr size_t RING_SIZE = 1 << 15;

struct trace_ring {
	trace_event slot[RING_SIZE];
	std::atomic<uint64_t> head{0}; // next to read (writer thread)
	std::atomic<uint64_t> tail{0}; // next to write (owning thread)
};

struct trace_state {
	std::mutex rings_lock;
	std::vector<trace_ring *> rings;
	std::vector<std::unique_ptr<trace_sink>> sinks;
	std::thread writer;
	std::atomic<bool> stop{false};
	bool kind_on[EV_COUNT];
	std::vector<uint32_t> handles; // empty: every service
	std::atomic<uint64_t> next_id{1};
	uint64_t generation = 0;
};

// The memory sink's lines outlive the trace, so a test can read them after
// the runtime has stopped.
static std::mutex memory_lock;
static std::vector<std::string> memory_lines;

static trace_state *S = nullptr;
static std::atomic<uint64_t> trace_generation{0};
static const auto clock_start = std::chrono::steady_clock::now();

uint64_t trace_clock()
{
	return (uint64_t)std::chrono::duration_cast<std::chrono::nanoseconds>(
		std::chrono::steady_clock::now() - clock_start).count();
}

uint64_t trace_next_id() { return S ? S->next_id.fetch_add(1, std::memory_order_relaxed) : 0; }

// --- the filter ---

static bool parse_filter(const char *filter, std::string &error)
{
	bool any_kind = false;
	bool on[EV_COUNT] = {};
	std::string f = filter ? filter : "";
	size_t pos = 0;
	while (pos <= f.size()) {
		size_t comma = f.find(',', pos);
		std::string term = f.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
		pos = comma == std::string::npos ? f.size() + 1 : comma + 1;
		while (!term.empty() && term.front() == ' ')
			term.erase(0, 1);
		while (!term.empty() && term.back() == ' ')
			term.pop_back();
		if (term.empty())
			continue;
		if (term[0] == ':') {
			S->handles.push_back((uint32_t)strtoul(term.c_str() + 1, nullptr, 16));
			continue;
		}
		bool matched = false;
		for (int k = 0; k < EV_COUNT; k++) {
			if (strncmp(trace_kind_name[k], term.c_str(), term.size()) == 0) {
				on[k] = true;
				matched = true;
			}
		}
		if (!matched) {
			error = "trace_filter: '" + term + "' matches no event kind (see docs/trace-format.md)";
			return false;
		}
		any_kind = true;
	}
	for (int k = 0; k < EV_COUNT; k++)
		S->kind_on[k] = any_kind ? on[k] : true;
	// Names and logs are always kept, so a reader can name what it sees.
	S->kind_on[EV_SVC_NEW] = S->kind_on[EV_SVC_NAME] = S->kind_on[EV_SVC_EXIT] = true;
	S->kind_on[EV_LOG] = true;
	return true;
}

static bool handle_wanted(uint32_t a, uint32_t b = 0)
{
	if (S->handles.empty())
		return true;
	for (uint32_t h : S->handles)
		if (h == a || (b && h == b))
			return true;
	return false;
}

// --- the rings ---

static trace_ring *my_ring()
{
	thread_local trace_ring *ring = nullptr;
	thread_local uint64_t ring_generation = 0;
	uint64_t gen = trace_generation.load(std::memory_order_acquire);
	if (ring == nullptr || ring_generation != gen) {
		ring = new trace_ring;
		ring_generation = gen;
		std::lock_guard g(S->rings_lock);
		S->rings.push_back(ring);
	}
	return ring;
}

static void record(trace_event &e)
{
	if (S == nullptr)
		return;
	trace_ring *r = my_ring();
	uint64_t tail = r->tail.load(std::memory_order_relaxed);
	while (tail - r->head.load(std::memory_order_acquire) >= RING_SIZE)
		std::this_thread::yield(); // full: wait for the writer rather than lose the event
	e.t = trace_clock();
	r->slot[tail % RING_SIZE] = e;
	r->tail.store(tail + 1, std::memory_order_release);
}

static char *copy_text(const char *s, size_t n)
{
	char *p = (char *)malloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

// --- the writer ---

// Merge what every ring holds now, oldest first, into one chunk of lines.
static size_t drain_once(std::string &out)
{
	std::vector<trace_ring *> rings;
	{
		std::lock_guard g(S->rings_lock);
		rings = S->rings;
	}
	struct cursor { trace_ring *r; uint64_t at, end; };
	std::vector<cursor> cur;
	for (auto *r : rings) {
		uint64_t head = r->head.load(std::memory_order_relaxed);
		uint64_t tail = r->tail.load(std::memory_order_acquire);
		if (head != tail)
			cur.push_back({r, head, tail});
	}
	size_t n = 0;
	for (;;) {
		cursor *best = nullptr;
		for (auto &c : cur)
			if (c.at != c.end && (!best || c.r->slot[c.at % RING_SIZE].t < best->r->slot[best->at % RING_SIZE].t))
				best = &c;
		if (best == nullptr)
			break;
		trace_event &e = best->r->slot[best->at % RING_SIZE];
		trace_format(e, out);
		free(e.text);
		best->at++;
		n++;
		// Hand slots back in small steps so a full ring's producer resumes soon.
		if ((best->at & 255) == 0)
			best->r->head.store(best->at, std::memory_order_release);
	}
	for (auto &c : cur)
		c.r->head.store(c.at, std::memory_order_release);
	return n;
}

static void emit(const std::string &lines)
{
	if (lines.empty())
		return;
	for (auto &s : S->sinks)
		s->write(lines);
}

static void writer_main()
{
	std::string out;
	out.reserve(1 << 20);
	for (;;) {
		bool stopping = S->stop.load(std::memory_order_acquire);
		out.clear();
		size_t n = drain_once(out);
		emit(out);
		if (n == 0) {
			if (stopping)
				break;
			for (auto &s : S->sinks)
				s->flush();
			std::this_thread::sleep_for(std::chrono::milliseconds(1));
		}
	}
}

// --- open and close ---

static bool parse_host_port(const char *spec, std::string &host, int &port)
{
	const char *colon = strrchr(spec, ':');
	if (colon == nullptr || strchr(spec, '/') != nullptr || colon[1] == '\0')
		return false;
	for (const char *p = colon + 1; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	host.assign(spec, colon - spec);
	port = atoi(colon + 1);
	return true;
}

bool trace_open(const char *spec, const char *filter, int threads, std::string &error)
{
	if (S != nullptr) {
		error = "trace is already open";
		return false;
	}
	S = new trace_state;
	std::string host;
	int port = 0;
	std::unique_ptr<trace_sink> sink;
	if (strcmp(spec, "memory") == 0) {
		sink = trace_sink_memory();
	} else if (parse_host_port(spec, host, port)) {
		sink = trace_sink_live(host.c_str(), port, error);
	} else {
		sink = trace_sink_file(spec, error);
	}
	if (!sink || !parse_filter(filter, error)) {
		delete S;
		S = nullptr;
		return false;
	}
	S->sinks.push_back(std::move(sink));
	std::string first;
	first += "{\"t\":";
	first += std::to_string(trace_clock());
	const char *harbor = skynet_getenv("harbor");
	first += ",\"ev\":\"trace.start\",\"version\":1,\"thread\":" + std::to_string(threads) +
		",\"harbor\":" + std::to_string(harbor ? atoi(harbor) : 0) + "}\n";
	emit(first);
	trace_generation.fetch_add(1, std::memory_order_release);
	S->writer = std::thread(writer_main);
	trace_active.store(true, std::memory_order_release);
	return true;
}

void trace_close()
{
	if (S == nullptr)
		return;
	trace_active.store(false, std::memory_order_release);
	S->stop.store(true, std::memory_order_release);
	S->writer.join();
	std::string last = "{\"t\":" + std::to_string(trace_clock()) + ",\"ev\":\"trace.stop\"}\n";
	emit(last);
	for (auto &s : S->sinks)
		s->flush();
	S->sinks.clear();
	for (auto *r : S->rings)
		delete r;
	delete S;
	S = nullptr;
}

// Pause or resume recording (the debug console's `tracing off|on`). The
// sinks stay open, so a connected viewer stays connected and sees a gap.
// Lua services read trace_enabled() once at start for their coroutine
// events, so those started while paused record none of them.
bool trace_switch(bool on)
{
	if (S == nullptr)
		return false;
	trace_active.store(on, std::memory_order_release);
	return true;
}

// --- sinks that live here: file and memory ---

static void mkdir_one(const char *path)
{
	mkdir(path, 0755); // EEXIST is fine; a real failure shows at fopen
}

struct file_sink : trace_sink {
	FILE *f;
	explicit file_sink(FILE *file) : f(file) {}
	~file_sink() override { fclose(f); }
	void write(const std::string &lines) override { fwrite(lines.data(), 1, lines.size(), f); }
	void flush() override { fflush(f); }
};

std::unique_ptr<trace_sink> trace_sink_file(const char *path, std::string &error)
{
	// Create the directory part, as `mkdir -p` would.
	std::string dir(path);
	size_t slash = dir.rfind('/');
	if (slash != std::string::npos && slash > 0) {
		dir.resize(slash);
		for (size_t i = 1; i <= dir.size(); i++)
			if (i == dir.size() || dir[i] == '/')
				mkdir_one(dir.substr(0, i).c_str());
	}
	FILE *f = fopen(path, "w");
	if (f == nullptr) {
		error = std::string("trace: cannot write '") + path + "': " + strerror(errno);
		return nullptr;
	}
	setvbuf(f, nullptr, _IOFBF, 1 << 20);
	return std::make_unique<file_sink>(f);
}

struct memory_sink : trace_sink {
	void write(const std::string &lines) override
	{
		std::lock_guard g(memory_lock);
		size_t pos = 0;
		while (pos < lines.size()) {
			size_t nl = lines.find('\n', pos);
			memory_lines.emplace_back(lines, pos, nl - pos);
			pos = nl + 1;
		}
	}
};

std::unique_ptr<trace_sink> trace_sink_memory()
{
	std::lock_guard g(memory_lock);
	memory_lines.clear();
	return std::make_unique<memory_sink>();
}

std::vector<std::string> trace_memory_take()
{
	std::vector<std::string> lines;
	std::lock_guard g(memory_lock);
	lines.swap(memory_lines);
	return lines;
}

// --- the recorders: one per event of docs/trace-format.md ---

static bool kind_wanted(trace_kind k) { return S && S->kind_on[k]; }

void trace_svc_new(uint32_t h, const char *module, const char *args)
{
	if (!kind_wanted(EV_SVC_NEW))
		return;
	// The module name is one of a handful of registered modules; copy it into
	// the text along with the args would cost a second allocation, so keep the
	// module pointer: modules live for the whole run.
	trace_event e{};
	e.kind = EV_SVC_NEW;
	e.a = h;
	e.literal2 = module;
	e.text = copy_text(args, strlen(args));
	record(e);
}

void trace_svc_name(uint32_t h, const char *name)
{
	if (!kind_wanted(EV_SVC_NAME))
		return;
	trace_event e{};
	e.kind = EV_SVC_NAME;
	e.a = h;
	e.text = copy_text(name, strlen(name));
	record(e);
}

void trace_svc_exit(uint32_t h)
{
	if (!kind_wanted(EV_SVC_EXIT))
		return;
	trace_event e{};
	e.kind = EV_SVC_EXIT;
	e.a = h;
	record(e);
}

void trace_msg_push(uint64_t id, uint32_t src, uint32_t dst, int session, int type, size_t size)
{
	if (!kind_wanted(EV_MSG_PUSH) || !handle_wanted(src, dst))
		return;
	trace_event e{};
	e.kind = EV_MSG_PUSH;
	e.id = id;
	e.a = src;
	e.b = dst;
	e.c = session;
	e.d = type;
	e.literal = (const char *)(uintptr_t)size; // the size rides in the spare pointer
	record(e);
}

static void msg_dispatch(trace_kind k, uint64_t id, uint32_t h, int thread)
{
	if (!kind_wanted(k) || !handle_wanted(h))
		return;
	trace_event e{};
	e.kind = k;
	e.id = id;
	e.a = h;
	e.b = thread;
	record(e);
}

void trace_msg_begin(uint64_t id, uint32_t h, int thread) { msg_dispatch(EV_MSG_BEGIN, id, h, thread); }
void trace_msg_end(uint64_t id, uint32_t h, int thread) { msg_dispatch(EV_MSG_END, id, h, thread); }

void trace_msg_drop(uint64_t id, uint32_t src, uint32_t dst, int session, int type, const char *reason)
{
	if (!kind_wanted(EV_MSG_DROP) || !handle_wanted(src, dst))
		return;
	trace_event e{};
	e.kind = EV_MSG_DROP;
	e.id = id;
	e.a = src;
	e.b = dst;
	e.c = session;
	e.d = type;
	e.literal = reason;
	record(e);
}

void trace_co(const char *kind, uint32_t h, int co, int session, const char *why, int64_t peer)
{
	trace_kind k = kind[3] == 'n' ? EV_CO_NEW : kind[3] == 's' ? EV_CO_SUSPEND
		: kind[3] == 'r' ? EV_CO_RESUME : EV_CO_EXIT;
	if (!kind_wanted(k) || !handle_wanted(h))
		return;
	trace_event e{};
	e.kind = k;
	e.a = h;
	e.b = co;
	e.c = session;
	e.d = peer;
	e.literal = why;
	record(e);
}

void trace_timer(const char *op, uint32_t h, int session, int ticks)
{
	if (!kind_wanted(EV_TIMER) || !handle_wanted(h))
		return;
	trace_event e{};
	e.kind = EV_TIMER;
	e.literal = op;
	e.a = h;
	e.b = session;
	e.c = ticks;
	record(e);
}

void trace_log(uint32_t h, const char *text, size_t len)
{
	if (!kind_wanted(EV_LOG))
		return;
	trace_event e{};
	e.kind = EV_LOG;
	e.a = h;
	e.b = (int64_t)len; // the text may hold NULs
	e.text = copy_text(text, len);
	record(e);
}

void trace_sock_poll(int sock, const char *kind, size_t bytes)
{
	if (!kind_wanted(EV_SOCK_POLL))
		return;
	trace_event e{};
	e.kind = EV_SOCK_POLL;
	e.a = sock;
	e.literal = kind;
	e.b = (int64_t)bytes;
	record(e);
}

void trace_sock_fwd(int sock, int type, uint32_t owner, uint64_t id, size_t bytes)
{
	if (!kind_wanted(EV_SOCK_FWD) || !handle_wanted(owner))
		return;
	trace_event e{};
	e.kind = EV_SOCK_FWD;
	e.a = sock;
	e.b = type;
	e.c = owner;
	e.id = id;
	e.d = (int64_t)bytes;
	record(e);
}

void trace_sock_lua(int sock, uint32_t h, const char *op, size_t bytes, size_t buffered,
	int64_t want, const char *literal_want)
{
	if (!kind_wanted(EV_SOCK_LUA) || !handle_wanted(h))
		return;
	trace_event e{};
	e.kind = EV_SOCK_LUA;
	e.a = sock;
	e.b = h;
	e.literal = op;
	e.c = (int64_t)bytes;
	e.d = (int64_t)buffered;
	e.id = (uint64_t)want;
	e.literal2 = literal_want;
	record(e);
}

void trace_netpack(int sock, size_t in, size_t buffered, int packets, bool partial)
{
	if (!kind_wanted(EV_NETPACK))
		return;
	trace_event e{};
	e.kind = EV_NETPACK;
	e.a = sock;
	e.b = (int64_t)in;
	e.c = (int64_t)buffered;
	e.d = packets;
	e.id = partial ? 1 : 0;
	record(e);
}
