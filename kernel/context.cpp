// context: services, sending, and the dispatch of one queue by one worker (skynet_server's twin).
#include "kernel/context.h"

#include <atomic>
#include <cstdlib>
#include <cstring>

#include "kernel/handle.h"
#include "kernel/harbor.h"
#include "kernel/module.h"
#include "kernel/monitor.h"
#include "kernel/mq.h"
#include "kernel/service_log.h"
#include "kernel/start.h"
#include "kernel/trace.h"

// Laid out by who writes what: senders on other threads read the first
// line on every send, so nothing the owner updates per message may share it
// (false sharing halved the send rate before this split).
struct skynet_context {
	// read by everyone, written at birth
	void *instance = nullptr;
	const skynet_module *mod = nullptr;
	message_queue *queue = nullptr;
	uint32_t handle = 0;
	bool daemon = false;
	// taken and dropped by senders and workers
	alignas(64) std::atomic<int> ref{1};
	std::atomic<bool> endless{false};
	std::atomic<bool> retired{false}; // its handle is gone: dispatch no more of its batch
	std::atomic<FILE *> logfile{nullptr}; // LOGON's message log (service_log), set by any thread
	// only the thread dispatching this service touches these
	alignas(64) void *cb_ud = nullptr;
	skynet_cb cb = nullptr;
	bool cb_inline = false; // the callback reads inlined payloads in place (skynet_callback_inline)
	int session_id = 0;
	uint64_t message_count = 0;
	uint64_t cpu_cost = 0;  // microseconds spent dispatching (profile; wall time, see below)
	uint64_t cpu_start = 0; // context_profile_clock() when the current dispatch began
	uint64_t dispatching = 0; // the trace id of the message being dispatched (0: none, or not tracing)
	uint64_t dispatch_t = 0;  // the edge clock read at the current dispatch's begin (0: not read)
	// The batch this worker popped from the queue and is dispatching
	// (context_message_dispatch), for skynet_next_message; null between batches.
	skynet_message *batch = nullptr;
	size_t batch_at = 0; // the message being dispatched
	size_t batch_n = 0;
	int batch_thread = 0;
	char result[32] = {};
};

// profile (config, default on as in skynet): time each dispatch for
// skynet.stat "cpu" and "time". Two clock reads per message, so the clock must
// be cheap. skynet reads the thread CPU clock (CLOCK_THREAD_CPUTIME_ID); on
// Linux that clock has no vDSO path, it is always a system call: 6.6 us per
// read on our 2-core VM against ~0.13 us for CLOCK_MONOTONIC (vDSO), and it
// made one-way sends 4.4x slower than profile = false. So we time dispatches
// with CLOCK_MONOTONIC. The cost: a dispatch preempted by the OS counts its
// wall time, not only its CPU time, so "cpu" is an upper bound on a busy
// machine; on an idle one the two agree (test_stat checks the spin case).
// Being wall time, it reads the trace's clock (trace_clock.cpp): where
// CLOCK_MONOTONIC is slow (kvm-clock here, 62-203 ns a read) that is a
// calibrated rdtsc: the clock fell from ~5% to ~1.7% of a trace-off send's
// CPU (perf), ~0.03-0.05 us of ~1 us. See docs/benchmarks.md "profile's clock".
static std::atomic<bool> profile{true};
void context_set_profile(bool on)
{
	if (on)
		trace_clock_choose(); // before any dispatch, so no dispatch spans a change of source
	profile.store(on, std::memory_order_relaxed);
}

uint64_t context_profile_clock() { return trace_clock() / 1000; }

static std::atomic<int> total_user{0}; // non-daemon services
static std::atomic<int> total_all{0};

// Messages dispatched from one queue before the worker looks at others: large
// enough to amortise the global queue, small enough to stay fair.
static constexpr int DISPATCH_BATCH = 64;

uint32_t context_handle(skynet_context *ctx) { return ctx->handle; }
void context_mark_retired(skynet_context *ctx) { ctx->retired.store(true, std::memory_order_relaxed); }
void context_set_handle(skynet_context *ctx, uint32_t handle) { ctx->handle = handle; }
int context_total() { return total_user.load(); }
int context_total_all() { return total_all.load(); }

void context_grab(skynet_context *ctx) { ctx->ref.fetch_add(1, std::memory_order_relaxed); }

static std::atomic<bool> quit_when_idle{false};

void context_quit_when_idle(bool on) { quit_when_idle.store(on); }

static void user_count_down()
{
	if (total_user.fetch_sub(1) == 1 && quit_when_idle.load())
		runtime_request_quit(0);
}

static void delete_context(skynet_context *ctx)
{
	if (trace_enabled())
		trace_svc_exit(ctx->handle);
	ctx->mod->release(ctx->instance);
	if (FILE *f = ctx->logfile.exchange(nullptr))
		fclose(f); // as skynet: no close line when the service ends
	mq_mark_release(ctx->queue);
	bool daemon = ctx->daemon;
	delete ctx;
	total_all.fetch_sub(1);
	if (!daemon)
		user_count_down();
}

skynet_context *context_release(skynet_context *ctx)
{
	if (ctx->ref.fetch_sub(1, std::memory_order_acq_rel) == 1) {
		delete_context(ctx);
		return nullptr;
	}
	return ctx;
}

void context_set_daemon(skynet_context *ctx)
{
	if (!ctx->daemon) {
		ctx->daemon = true;
		user_count_down();
	}
}

void context_set_quiet(skynet_context *ctx)
{
	mq_set_quiet(ctx->queue);
}

skynet_context *context_new(const char *name, const char *param)
{
	const skynet_module *mod = module_query(name);
	if (mod == nullptr) {
		skynet_error(nullptr, "launch %s %s failed: no module named '%s'", name, param ? param : "", name);
		return nullptr;
	}
	void *inst = mod->create();
	if (inst == nullptr)
		return nullptr;
	auto *ctx = new skynet_context;
	ctx->mod = mod;
	ctx->instance = inst;
	// Two references: the handle registry's, and ours until init is done, so a
	// service that exits inside its own init is not freed under our feet.
	ctx->ref.store(2);
	total_all.fetch_add(1);
	total_user.fetch_add(1);
	handle_register(ctx); // sets ctx->handle under the registry's lock
	ctx->queue = mq_create(ctx->handle);
	if (trace_enabled())
		trace_svc_new(ctx->handle, mod->name, param ? param : "");

	int r = mod->init(inst, ctx, param ? param : "");
	if (r == 0) {
		message_queue *q = ctx->queue;
		if (context_release(ctx) == nullptr) {
			// It exited during init: its queue, marked for release but never
			// in the global queue, goes there so a worker frees it.
			mq_activate(q);
			return nullptr;
		}
		// The logger's own LAUNCH is not printed: it is not named "logger"
		// yet, and skynet drops the line for the same reason.
		if (handle_findname("logger") != 0)
			skynet_error(ctx, "LAUNCH %s %s", name, param ? param : "");
		mq_activate(q);
		return ctx;
	}
	skynet_error(ctx, "error: launch %s FAILED", name); // skynet's words
	uint32_t handle = ctx->handle;
	message_queue *q = ctx->queue;
	context_release(ctx);
	handle_retire(handle);
	mq_activate(q); // as above: a worker frees the released queue
	return nullptr;
}

int skynet_context_newsession(skynet_context *ctx)
{
	// Sessions are positive; wrapping skips 0, which means "no reply wanted".
	int session = ++ctx->session_id;
	if (session <= 0) {
		ctx->session_id = 1;
		return 1;
	}
	return session;
}

void skynet_callback(skynet_context *ctx, void *ud, skynet_cb cb)
{
	ctx->cb = cb;
	ctx->cb_ud = ud;
	ctx->cb_inline = false;
}

void skynet_callback_inline(skynet_context *ctx, bool on) { ctx->cb_inline = on; }

// An inlined payload moved to a malloc'd buffer, on the receiver's thread
// (a malloc and a free on one thread cross nothing): the message is then as
// any other, freed at its end unless kept.
static void *message_to_heap(skynet_message *m)
{
	void *copy = malloc(m->size ? m->size : 1);
	message_copy_small(static_cast<unsigned char *>(copy), m->bytes, m->size);
	m->inlined = false;
	m->data = copy;
	return copy;
}

void *skynet_message_heap(skynet_context *ctx, const void *msg)
{
	if (ctx->batch != nullptr) {
		// The bytes' address stands for the payload even once it is on the
		// heap (their first 8 bytes are then the heap pointer, the union's
		// `data`): a path that gave up after another copied it (a request's
		// Lua unpack that raised) still holds it.
		skynet_message *m = &ctx->batch[ctx->batch_at];
		if (msg == m->bytes)
			return m->inlined ? message_to_heap(m) : m->data;
	}
	return const_cast<void *>(msg);
}

uint32_t skynet_context_handle(skynet_context *ctx) { return ctx ? ctx->handle : 0; }

size_t context_mqlen(skynet_context *ctx) { return mq_length(ctx->queue); }

void context_endless(uint32_t handle)
{
	skynet_context *ctx = handle_grab(handle);
	if (ctx) {
		ctx->endless.store(true);
		context_release(ctx);
	}
}

void context_signal(uint32_t handle, int signal)
{
	skynet_context *ctx = handle_grab(handle);
	if (ctx) {
		if (ctx->mod->signal)
			ctx->mod->signal(ctx->instance, signal);
		context_release(ctx);
	}
}

void context_logon(skynet_context *by, uint32_t handle)
{
	skynet_context *ctx = handle_grab(handle);
	if (ctx == nullptr)
		return;
	if (ctx->logfile.load() == nullptr) {
		FILE *f = service_log_open(by, handle);
		FILE *none = nullptr;
		// Two LOGONs at once: the one that loses closes its own file.
		if (f && !ctx->logfile.compare_exchange_strong(none, f))
			fclose(f);
	}
	context_release(ctx);
}

void context_logoff(skynet_context *by, uint32_t handle)
{
	skynet_context *ctx = handle_grab(handle);
	if (ctx == nullptr)
		return;
	service_log_close(by, ctx->logfile, handle);
	context_release(ctx);
}

bool context_kill(uint32_t handle)
{
	skynet_context *ctx = handle_grab(handle);
	if (ctx == nullptr)
		return false;
	// Retired, it dies when its current dispatch returns (skynet's way). One
	// the monitor has seen stuck in a dispatch would never return: break its
	// loop too, with signal 0, as skynet's debug console `signal` does.
	bool stuck = ctx->endless.load();
	handle_retire(handle);
	if (stuck && ctx->mod->signal)
		ctx->mod->signal(ctx->instance, 0);
	context_release(ctx);
	return true;
}

// This thread's last traced push: its time, sender and session, for the
// co.suspend of the call that made it (context_push_time).
struct traced_push {
	uint64_t t = 0;
	uint32_t source = 0;
	int session = 0;
};
static thread_local traced_push last_push;

void context_push_locked(skynet_context *ctx, skynet_message *msg)
{
	if (trace_enabled()) {
		if (msg->id == 0)
			msg->id = trace_next_id();
		uint64_t t = trace_clock();
		trace_msg_push_at(t, msg->id, msg->source, ctx->handle, msg->session, msg->type, msg->size);
		last_push = {t, msg->source, msg->session};
	}
	mq_push(ctx->queue, msg);
}

uint64_t context_push_time(uint32_t source, int session)
{
	if (session != 0 && last_push.session == session && last_push.source == source)
		return last_push.t;
	return trace_clock();
}

int skynet_context_push(uint32_t handle, skynet_message *msg)
{
	if (!handle_push(handle, msg)) {
		if (trace_enabled())
			trace_msg_drop(msg->id, msg->source, handle, msg->session, msg->type, trace_schema::drop_reason::no_such_service);
		return -1;
	}
	return 0;
}

int skynet_send(skynet_context *ctx, uint32_t source, uint32_t destination,
	int type, int session, void *data, size_t sz)
{
	skynet_message msg{.source = source, .session = session, .type = type & 0xffff, .inlined = false,
		.data = data, .size = sz, .id = 0};
	if (data && sz <= MESSAGE_INLINE_MAX) {
		// Carried in the message (kernel/message.h); a buffer handed over is
		// freed here, on the sender's thread, whose next malloc reuses it.
		message_copy_small(msg.bytes, data, sz);
		msg.inlined = true;
		if (type & PTYPE_TAG_DONTCOPY)
			free(data);
	} else if ((type & PTYPE_TAG_DONTCOPY) == 0 && data) {
		msg.data = malloc(sz ? sz : 1);
		memcpy(msg.data, data, sz);
	}
	if (type & PTYPE_TAG_ALLOCSESSION)
		msg.session = session = skynet_context_newsession(ctx);
	if (source == 0 && ctx)
		msg.source = source = ctx->handle;
	if (destination == 0) {
		message_free(&msg);
		return -1;
	}
	// lesson 32.3: an address whose high 8 bits are another node's goes to the
	// harbor service, tested first as skynet does (two compares; a push would
	// fail and trace a drop). The harbor service owns a heap buffer: an
	// inlined payload gets one.
	if (harbor_isremote(destination)) {
		void *owned = msg.data;
		if (msg.inlined) {
			owned = malloc(sz ? sz : 1);
			memcpy(owned, msg.bytes, sz);
		}
		return harbor_send(source, destination, msg.type, session, owned, sz) ? session : -1;
	}
	if (skynet_context_push(destination, &msg) != 0) {
		message_free(&msg);
		return -1;
	}
	return session;
}

int skynet_sendname(skynet_context *ctx, uint32_t source, const char *destination,
	int type, int session, void *data, size_t sz)
{
	uint32_t des = handle_from_string(destination);
	if (des == 0) {
		if (destination[0] == ':') {
			// ":0", ":" or ":junk" is address 0, as skynet's strtoul reads
			// it; its skynet_send to 0 logs this for a message with a body
			// and, for one without, sends nothing and gives the session
			if (data == nullptr) {
				if (type & PTYPE_TAG_ALLOCSESSION)
					session = skynet_context_newsession(ctx);
				return session;
			}
			skynet_error(ctx, "error: Destination address can't be 0");
		}
		if (type & PTYPE_TAG_DONTCOPY)
			free(data);
		if (trace_enabled())
			trace_msg_drop(0, source ? source : skynet_context_handle(ctx), 0, session, type & 0xffff, trace_schema::drop_reason::unknown_name);
		return -1;
	}
	return skynet_send(ctx, source, des, type, session, data, sz);
}

// One message's dispatch is begin, the callback, end. Around the callback:
// the monitor's mark, the hand-off window (kernel/mq.h), the trace's
// msg.begin/msg.end and the profile's clock.
//
// `now` is one clock read (edge_clock) shared by what happens at an edge:
// the profile's start or end, msg.begin or msg.end, and, between two
// messages of a batch, the end of one and the begin of the next. What it
// buys: a traced batched message reads the clock once where it read it four
// times (kvm-clock here: 60-200 ns a read; docs/benchmarks.md "trace cost");
// an untraced one, once where twice. What it costs: msg.end and the next
// msg.begin carry the same `t` (the format allows equal times, in file
// order), and the few instructions between them (a queue handed to the
// global queue) are counted in neither dispatch's time.
static uint64_t edge_clock(bool profiling)
{
	return profiling || trace_enabled() ? trace_clock() : 0;
}

static void message_begin(skynet_context *ctx, skynet_message *msg, int thread, bool profiling, uint64_t now)
{
	monitor_trigger(thread, msg->source, ctx->handle);
	mq_handoff_begin();
	if (trace_enabled())
		trace_msg_begin_at(now, msg->id, ctx->handle, thread);
	if (profiling)
		ctx->cpu_start = now / 1000; // context_profile_clock's unit
	ctx->dispatching = msg->id;
	ctx->dispatch_t = now;
	// LOGON's message file sees every message, those a batch takes too.
	if (ctx->logfile.load(std::memory_order_relaxed))
		service_log_output(ctx->logfile, msg->source, msg->type, msg->session, message_payload(msg), msg->size);
	// counted as it begins, as skynet's: stat "message" read in a handler
	// includes the message being handled
	ctx->message_count++;
}

// Returns the queue the message woke for this worker to run next (hand-off), if any.
static message_queue *message_end(skynet_context *ctx, skynet_message *msg, int thread, int keep,
	bool profiling, uint64_t now)
{
	ctx->dispatching = 0;
	ctx->dispatch_t = 0;
	if (!keep)
		message_free(msg);
	if (profiling) {
		// Clamped: two CPUs' TSCs a hair apart must not make a negative dispatch.
		uint64_t end = now / 1000;
		ctx->cpu_cost += end > ctx->cpu_start ? end - ctx->cpu_start : 0;
	}
	if (trace_enabled())
		trace_msg_end_at(now, msg->id, ctx->handle, thread);
	message_queue *held = mq_handoff_end();
	monitor_trigger(thread, 0, 0);
	return held;
}

// A module's callback may take the rest of its batch itself, one message at
// a time, instead of returning to the loop for each (snlua runs a batch of
// plain requests in one Lua entry: lua/lualib/skynet.lua, "batch"). Each
// message still gets its own begin and end, in the same order as the loop
// gives them, so the trace, the profile and the monitor see no difference.
bool skynet_batch_more(skynet_context *ctx)
{
	return ctx->batch != nullptr && ctx->batch_at + 1 < ctx->batch_n &&
		!ctx->retired.load(std::memory_order_relaxed);
}

const skynet_message *skynet_next_message(skynet_context *ctx, int keep, uint64_t now)
{
	if (!skynet_batch_more(ctx))
		return nullptr;
	bool profiling = profile.load(std::memory_order_relaxed);
	int thread = ctx->batch_thread;
	if (now == 0)
		now = edge_clock(profiling);
	// The queue this message woke must not wait for the rest of the batch.
	if (message_queue *held = message_end(ctx, &ctx->batch[ctx->batch_at], thread, keep, profiling, now))
		globalmq_push(held);
	skynet_message *msg = &ctx->batch[++ctx->batch_at];
	message_begin(ctx, msg, thread, profiling, now);
	if (msg->inlined && !ctx->cb_inline)
		message_to_heap(msg);
	return msg;
}

// A request left in a dead service's queue gets an ERROR back, so the
// caller's call raises instead of waiting forever.
static void drop_message(skynet_message *msg, void *ud)
{
	uint32_t handle = *static_cast<uint32_t *>(ud);
	harbor_drop_queued(handle, msg); // a remote message's payload, if it is one
	message_free(msg);
	if (trace_enabled())
		trace_msg_drop(msg->id, msg->source, handle, msg->session, msg->type, trace_schema::drop_reason::service_exited);
	if (msg->source && msg->session > 0 && msg->type != PTYPE_RESPONSE && msg->type != PTYPE_ERROR) {
		char reason[64];
		int n = snprintf(reason, sizeof(reason), "service :%08x exited", handle);
		skynet_send(nullptr, handle, msg->source, PTYPE_ERROR, msg->session, reason, (size_t)n);
	}
}

message_queue *context_message_dispatch(int thread, message_queue *q)
{
	if (q == nullptr) {
		q = globalmq_pop();
		if (q == nullptr)
			return nullptr;
	}
	uint32_t handle = mq_handle(q);
	skynet_context *ctx = handle_grab(handle);
	if (ctx == nullptr) {
		mq_release(q, drop_message, &handle);
		return globalmq_pop();
	}
	skynet_message batch[DISPATCH_BATCH];
	// skynet picks how many messages to take by a per-worker `weight` (1, all,
	// half, ...); here every worker takes up to DISPATCH_BATCH, which
	// amortises the global queue's lock the same way without the table.
	size_t n = mq_pop_batch(q, batch, DISPATCH_BATCH);
	if (n == 0) {
		context_release(ctx);
		return globalmq_pop();
	}
	if (size_t overload = mq_overload(q))
		skynet_error(ctx, "error: May overload, message queue length = %zu", overload);
	message_queue *held = nullptr;
	bool profiling = profile.load(std::memory_order_relaxed);
	ctx->batch = batch;
	ctx->batch_n = n;
	ctx->batch_thread = thread;
	// batch_at moves on inside the callback when it takes the next message
	// itself (skynet_next_message).
	// One clock read per edge between two messages (edge_clock).
	uint64_t now = edge_clock(profiling);
	for (ctx->batch_at = 0; ctx->batch_at < n; ctx->batch_at++) {
		skynet_message *msg = &batch[ctx->batch_at];
		message_begin(ctx, msg, thread, profiling, now);
		int keep = 0;
		if (ctx->cb) {
			if (msg->inlined && !ctx->cb_inline)
				message_to_heap(msg);
			keep = ctx->cb(ctx, ctx->cb_ud, msg->type, msg->session, msg->source, message_payload(msg), msg->size);
		}
		now = edge_clock(profiling);
		held = message_end(ctx, &batch[ctx->batch_at], thread, keep, profiling, now);
		if (ctx->retired.load(std::memory_order_relaxed)) {
			// It exited or was killed: skynet (one message a turn with up to
			// four workers) would find the rest in a dead queue and answer
			// each request with an ERROR. So do we; dispatched, a request to
			// a service whose loader failed was never answered (its caller
			// waited for good).
			for (size_t i = ctx->batch_at + 1; i < n; i++)
				drop_message(&batch[i], &handle);
			n = ctx->batch_n = ctx->batch_at + 1;
		}
		// The queue a message woke must not wait for the rest of the batch.
		if (held && ctx->batch_at + 1 < n) {
			globalmq_push(held);
			held = nullptr;
		}
	}
	ctx->batch = nullptr;
	if (held) {
		// The hand-off (kernel/mq.h): the queue the last message woke runs
		// next on this worker; ours goes back only if it still has work.
		if (!mq_leave_if_empty(q))
			globalmq_push(q);
		context_release(ctx);
		return held;
	}
	message_queue *next = globalmq_pop_loud();
	if (next) {
		// Others are waiting: go to the back of the line.
		globalmq_requeue(q);
		q = next;
	}
	context_release(ctx);
	return q;
}

char *context_result_buffer(skynet_context *ctx, size_t *size)
{
	*size = sizeof(ctx->result);
	return ctx->result;
}
uint64_t context_message_count(skynet_context *ctx) { return ctx->message_count; }
bool context_is_endless(skynet_context *ctx) { return ctx->endless.load(); }
bool context_take_endless(skynet_context *ctx) { return ctx->endless.exchange(false); }
bool context_profiling() { return profile.load(std::memory_order_relaxed); }
uint64_t context_cpu_cost(skynet_context *ctx) { return ctx->cpu_cost; }
uint64_t context_cpu_start(skynet_context *ctx) { return ctx->cpu_start; }
uint64_t context_dispatch_cpu(skynet_context *ctx)
{
	return monitor_dispatch_cpu(ctx->batch_thread, ctx->cpu_start);
}
uint64_t context_dispatching_id(skynet_context *ctx) { return ctx->dispatching; }
uint64_t context_dispatch_time(skynet_context *ctx) { return ctx->dispatch_t; }
