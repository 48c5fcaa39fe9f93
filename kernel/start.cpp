// start: reads the config, starts every thread, launches bootstrap, and waits for the end.
#include "kernel/start.h"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "kernel/config.h"
#include "kernel/context.h"
#include "kernel/handle.h"
#include "kernel/harbor.h"
#include "kernel/monitor.h"
#include "kernel/mq.h"
#include "kernel/timer.h"
#include "kernel/trace.h"

static std::mutex quit_lock;
static std::condition_variable quit_signal;
static std::atomic<bool> quit{false};
static std::atomic<int> exit_code{0};
static std::atomic<bool> workers_stop{false};
static std::atomic<int> workers_busy{0};
static std::atomic<int> workers_running{0};

bool runtime_should_quit() { return quit.load(std::memory_order_acquire); }

// SIGINT and SIGTERM end the run as an abort would: services retire, the
// logger flushes, and the trace gets its last line, trace.stop (a viewer
// flags a trace without it as cut short). skynet itself just dies on them.
// The handler only notes the signal; the main thread, which waits for quit
// anyway, looks at it. SA_RESETHAND: a second Ctrl-C kills at once, for a
// shutdown that hangs.
static volatile sig_atomic_t signal_caught = 0;
static void on_quit_signal(int sig) { signal_caught = sig; }

// SIGHUP, as on skynet, asks the logger to reopen its file (for log rotation):
// the logger service gets an empty PTYPE_SYSTEM message. Before, it ended the
// process (the default action), where skynet's node runs on.
static volatile sig_atomic_t hup_caught = 0;
static void on_hup_signal(int) { hup_caught = 1; }

static void quit_signals_install(struct sigaction *old_int, struct sigaction *old_term, struct sigaction *old_hup)
{
	struct sigaction sa{};
	sa.sa_handler = on_quit_signal;
	sa.sa_flags = SA_RESTART | SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	signal_caught = 0;
	sigaction(SIGINT, &sa, old_int);
	sigaction(SIGTERM, &sa, old_term);
	struct sigaction hup{};
	hup.sa_handler = on_hup_signal;
	hup.sa_flags = SA_RESTART;
	sigemptyset(&hup.sa_mask);
	hup_caught = 0;
	sigaction(SIGHUP, &hup, old_hup);
}

static void signal_logger_reopen()
{
	uint32_t logger = handle_findname("logger");
	skynet_message msg{.source = 0, .session = 0, .type = PTYPE_SYSTEM, .inlined = false, .data = nullptr, .size = 0, .id = 0};
	if (logger != 0)
		skynet_context_push(logger, &msg);
}

void runtime_request_quit(int code)
{
	bool expected = false;
	// The first reason to stop wins, so ABORT's code is not overwritten by the
	// services that exit because of it.
	if (quit.compare_exchange_strong(expected, true)) {
		exit_code.store(code);
		std::lock_guard g(quit_lock);
		quit_signal.notify_all();
	}
}

static int env_int(const char *key, int fallback)
{
	const char *v = skynet_getenv(key);
	return v ? atoi(v) : fallback;
}

static const char *env_str(const char *key, const char *fallback)
{
	const char *v = skynet_getenv(key);
	return v ? v : fallback;
}

// Our own lualib and service folders go first, so `require "skynet"` and
// `gate` find skyglass's even when a skynet config names skynet's folders.
static void set_default_paths()
{
	std::string root = SKYGLASS_ROOT;
	std::string lua_path = root + "/lua/lualib/?.lua;" + root + "/lua/lualib/?/init.lua";
	std::string luaservice = root + "/lua/service/?.lua";
	const char *user_path = skynet_getenv("lua_path");
	const char *user_service = skynet_getenv("luaservice");
	// The config's values were set once and are immutable; the effective
	// search paths live under their own keys.
	skynet_setenv("skyglass_lua_path", (lua_path + ";" + (user_path ? user_path : "./?.lua")).c_str());
	skynet_setenv("skyglass_luaservice", (luaservice + ";" + (user_service ? user_service : "./?.lua")).c_str());
}

// An integer key must be written in full and lie in [lo, hi]; absent is fine.
static bool check_int(const char *key, long lo, long hi, const char *what, std::string &error)
{
	const char *v = skynet_getenv(key);
	if (v == nullptr)
		return true;
	char *end = nullptr;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (end == v || *end != '\0' || errno == ERANGE || n < lo || n > hi) {
		error = std::string("config error: ") + key + " must be " + what + ", got '" + v + "'";
		return false;
	}
	return true;
}

// A number key (Lua writes 2^26 as "67108864.0") must be finite and lie in
// [lo, hi]; `whole`: without a fraction. skyglass's own keys read by Lua
// services and the harbor: a typo there fell back to the default silently,
// a negative cluster_request_limit switched the limit off, and a timeout of
// 1e300 overflowed the harbor's int (attack round 5).
static bool check_number(const char *key, double lo, double hi, bool whole, const char *what, std::string &error)
{
	const char *v = skynet_getenv(key);
	if (v == nullptr)
		return true;
	char *end = nullptr;
	double n = strtod(v, &end);
	// !(a <= b) is also true for a NaN
	if (end == v || *end != '\0' || !(n >= lo && n <= hi) || (whole && n != double(long(n)))) {
		error = std::string("config error: ") + key + " must be " + what + ", got '" + v + "'";
		return false;
	}
	return true;
}

static bool check_config(std::string &error)
{
	return check_int("thread", 1, 256, "an integer from 1 to 256", error) &&
		check_int("harbor", 0, 255, "an integer from 0 to 255", error) &&
		check_int("monitor_interval", 1, 86400000, "a positive number of milliseconds", error) &&
		check_int("trace_wait", 0, 64, "an integer from 0 to 64", error) &&
		check_number("harbor_handshake_timeout", 0.01, 86400, false, "seconds from 0.01 to 86400", error) &&
		check_number("login_handshake_timeout", 0, 86400, false, "seconds from 0 to 86400 (0: none)", error) &&
		check_number("cluster_request_limit", 0, 0x1p53, true, "a whole number of bytes (0: no limit)", error) &&
		check_number("cluster_inflight_limit", 0, 0x1p31, true, "a whole number of requests (0: no limit)", error) &&
		harbor_check_config(error);
}

static void worker_main(int id)
{
	monitor_worker_clock(id);
	message_queue *q = nullptr;
	while (!workers_stop.load(std::memory_order_relaxed)) {
		workers_busy.fetch_add(1, std::memory_order_relaxed);
		q = context_message_dispatch(id, q);
		// Going on with a queue (a hand-off, or ours with more work): first
		// a batch of a quiet one waiting (the logger's, kernel/mq.h), which
		// an idle worker would otherwise be woken or kept spinning for.
		if (q != nullptr) {
			if (message_queue *quiet = globalmq_pop_quiet()) {
				// What that returns is for another worker now: the quiet
				// queue itself goes back without a wake-up, a loud one (a
				// queue it woke, or took from the global queue) with one.
				if (message_queue *after = context_message_dispatch(id, quiet)) {
					if (mq_is_quiet(after))
						globalmq_requeue(after);
					else
						globalmq_push(after);
				}
			}
		}
		workers_busy.fetch_sub(1, std::memory_order_relaxed);
		if (q == nullptr)
			globalmq_wait_for_work(16);
	}
	// Hand back the queue we held, so shutdown can free what is left in it.
	if (q)
		globalmq_push(q);
	workers_running.fetch_sub(1);
}

// Wait (at most `ms`) for every worker to leave worker_main. One that does
// not is stuck in a dispatch (an endless loop, a blocking call) and would
// make join wait forever.
static bool workers_stopped(int ms)
{
	auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
	while (workers_running.load() > 0 && std::chrono::steady_clock::now() < deadline)
		std::this_thread::sleep_for(std::chrono::milliseconds(1));
	return workers_running.load() == 0;
}

static void timer_main()
{
	// The dispatch clock's samples (monitor_sample_cpu), at most one round a tick.
	auto next_sample = std::chrono::steady_clock::now();
	while (!runtime_should_quit()) {
		timer_update(10000);
		auto now = std::chrono::steady_clock::now();
		if (now >= next_sample) {
			monitor_sample_cpu();
			next_sample = now + std::chrono::milliseconds(10);
		}
	}
}

static void monitor_main(int interval_ms)
{
	std::unique_lock g(quit_lock);
	while (!runtime_should_quit()) {
		quit_signal.wait_for(g, std::chrono::milliseconds(interval_ms));
		if (!runtime_should_quit())
			monitor_check();
	}
}

static void socket_main(int (*poll)())
{
	while (poll() != 0) {
	}
}

// Wait (at most two seconds) until no queue has work and no worker is busy.
static void drain_queues()
{
	int quiet = 0;
	// A deadline, not a count of 1 ms sleeps: on a loaded machine a sleep
	// lasts much longer, and a stuck worker keeps this from ever going quiet.
	auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
	while (quiet < 3 && std::chrono::steady_clock::now() < deadline) {
		if (globalmq_empty() && workers_busy.load() == 0)
			quiet++;
		else
			quiet = 0;
		std::this_thread::sleep_for(std::chrono::milliseconds(1));
	}
}

int skynet_start(const char *config_path, const runtime_parts &parts)
{
	std::string error;
	env_clear();
	if (parts.load_config == nullptr) {
		fprintf(stderr, "skyglass: no config loader\n");
		return 1;
	}
	bool sockets = parts.socket_init && parts.socket_poll && parts.socket_exit && parts.socket_free;
	if (!parts.load_config(config_path, error) || !check_config(error)) {
		fprintf(stderr, "skyglass: %s\n", error.c_str());
		return 1;
	}
	set_default_paths();
	quit.store(false);
	exit_code.store(0);
	workers_stop.store(false);

	int threads = env_int("thread", (int)std::max(2u, std::thread::hardware_concurrency()));
	handle_init(env_int("harbor", 0));
	harbor_init(env_int("harbor", 0));
	timer_init();
	if (sockets)
		parts.socket_init();
	monitor_init(threads);

	// SKYGLASS_TRACE overrides the config: `skyglass-view --run` uses it to
	// point a lesson's trace at its own live port.
	const char *trace_spec = getenv("SKYGLASS_TRACE");
	if (trace_spec == nullptr || trace_spec[0] == '\0')
		trace_spec = env_str("trace", "");
	if (trace_spec[0] && !trace_open(trace_spec, env_str("trace_filter", ""), threads, error)) {
		fprintf(stderr, "skyglass: %s\n", error.c_str());
		if (sockets)
			parts.socket_free();
		timer_free();
		monitor_free();
		return 1;
	}

	skynet_context *logger = context_new(env_str("logservice", "logger"), env_str("logger", ""));
	if (logger == nullptr) {
		fprintf(stderr, "skyglass: cannot start the logger service\n");
		trace_close();
		return 1;
	}
	handle_namehandle(skynet_context_handle(logger), "logger");
	// skynet keeps ".name" without its dot, so its logger is also ".logger" to
	// Lua (skynet.call(".logger", ...), skynet.localname); our names keep the dot.
	handle_namehandle(skynet_context_handle(logger), ".logger");
	context_set_daemon(logger);
	context_set_quiet(logger);

	// Before the workers: it may pick the profile's clock (context.cpp).
	context_set_profile(strcmp(env_str("profile", "true"), "false") != 0);
	std::vector<std::thread> pool;
	workers_running.store(threads);
	for (int i = 0; i < threads; i++)
		pool.emplace_back(worker_main, i);
	std::thread timer_thread(timer_main);
	std::thread socket_thread;
	if (sockets)
		socket_thread = std::thread(socket_main, parts.socket_poll);
	std::thread monitor_thread(monitor_main, env_int("monitor_interval", 5000));

	// skynet keeps a node running when its services are all gone; lessons
	// and tests opt in to ending then (exit_when_idle = true).
	context_quit_when_idle(strcmp(env_str("exit_when_idle", "false"), "true") == 0);
	const char *bootstrap = env_str("bootstrap", "snlua bootstrap");
	std::string cmd(bootstrap);
	size_t space = cmd.find(' ');
	skynet_context *boot = context_new(cmd.substr(0, space).c_str(),
		space == std::string::npos ? "" : cmd.c_str() + space + 1);
	if (boot == nullptr) {
		skynet_error(nullptr, "Bootstrap error : %s", bootstrap);
		runtime_request_quit(1);
	}

	{
		// Woken by runtime_request_quit, or every 50 ms to look for a signal
		// (a handler may not take the lock that notifying needs).
		struct sigaction old_int, old_term, old_hup;
		quit_signals_install(&old_int, &old_term, &old_hup);
		std::unique_lock g(quit_lock);
		while (!runtime_should_quit()) {
			quit_signal.wait_for(g, std::chrono::milliseconds(50));
			if (hup_caught) {
				hup_caught = 0;
				signal_logger_reopen();
			}
			if (int sig = signal_caught; sig != 0) {
				g.unlock();
				skynet_error(nullptr, "%s: shutting down", sig == SIGINT ? "SIGINT" : "SIGTERM");
				runtime_request_quit(128 + sig);
				g.lock();
			}
		}
		g.unlock();
		sigaction(SIGINT, &old_int, nullptr);
		sigaction(SIGTERM, &old_term, nullptr);
		sigaction(SIGHUP, &old_hup, nullptr);
	}
	// Retire every service but the logger, and let the workers run until the
	// queues are drained: the logger prints the last lines, and requests left
	// in dead services' queues are answered with errors.
	context_quit_when_idle(false);
	// When the last service ended it (exit_when_idle), its goodbye to the
	// launcher may still be queued: let it be dispatched, or the trace ends
	// with a drop that no program caused. After ABORT or a signal the
	// services still alive are cut off at once, as on skynet.
	if (context_total() == 0)
		drain_queues();
	uint32_t logger_handle = skynet_context_handle(logger);
	handle_retireall(logger_handle);
	drain_queues();
	handle_retireall();
	drain_queues();
	workers_stop.store(true);
	if (sockets)
		parts.socket_exit();
	timer_wake();
	globalmq_wake_all();
	if (!workers_stopped(3000)) {
		// A service loops and nothing can stop it: skynet.abort must still
		// end the process. Nothing can be freed while the worker runs, so
		// leave as the process, with what the log and the trace have.
		fprintf(stderr, "skyglass: %d worker(s) still stuck in a dispatch; exiting without them\n",
			workers_running.load());
		fflush(nullptr);
		trace_close();
		// Let the threads go: the ones that finished are not leaked, and
		// ThreadSanitizer would report every unjoined one as a leak.
		for (auto &t : pool)
			t.detach();
		timer_thread.detach();
		monitor_thread.detach();
		if (socket_thread.joinable())
			socket_thread.detach();
		_exit(exit_code.load());
	}
	for (auto &t : pool)
		t.join();
	timer_thread.join();
	if (socket_thread.joinable())
		socket_thread.join();
	monitor_thread.join();
	// Free what the workers left in queues (messages to services now gone).
	// Bounded: a queue whose service is somehow still referenced is pushed
	// back by mq_release, and must not spin us forever.
	for (int i = 0; i < 1000000; i++) {
		message_queue *q = globalmq_pop();
		if (q == nullptr)
			break;
		uint32_t h = mq_handle(q);
		mq_release(q, [](skynet_message *m, void *) { message_free(m); }, &h);
	}
	if (sockets)
		parts.socket_free();
	trace_close();
	timer_free();
	monitor_free();
	return exit_code.load();
}
