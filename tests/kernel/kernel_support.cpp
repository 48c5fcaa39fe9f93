// kernel_support: the recorder module, the test-thread dispatcher and temp files.
#include "tests/kernel/kernel_support.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "kernel/context.h"
#include "kernel/handle.h"
#include "kernel/logger.h"
#include "kernel/module.h"
#include "kernel/monitor.h"
#include "kernel/mq.h"
#include "kernel/skynet.h"

// --- kt_recorder: a service that keeps every message ---

static recorder *last_recorder = nullptr;

static void *recorder_create() { return new recorder; }
static void recorder_release(void *instance) { delete static_cast<recorder *>(instance); }

static int recorder_cb(skynet_context *, void *ud, int type, int session, uint32_t source,
	const void *msg, size_t sz)
{
	auto *rec = static_cast<recorder *>(ud);
	rec->received.push_back({type, session, source,
		msg ? std::string(static_cast<const char *>(msg), sz) : std::string()});
	return 0;
}

static int recorder_init(void *instance, skynet_context *ctx, const char *param)
{
	auto *rec = static_cast<recorder *>(instance);
	skynet_callback(ctx, rec, recorder_cb);
	// Named inside init, so even its own LAUNCH line comes to it.
	if (std::string(param) == "logger" && !handle_namehandle(skynet_context_handle(ctx), "logger"))
		return 1;
	last_recorder = rec;
	return 0;
}

static const skynet_module recorder_module = {"kt_recorder", recorder_create, recorder_init, recorder_release, nullptr};

// --- kt_failing: a service whose init fails ---

static void *failing_create() { return new int(0); }
static void failing_release(void *instance) { delete static_cast<int *>(instance); }
static int failing_init(void *, skynet_context *, const char *) { return 1; }

static const skynet_module failing_module = {"kt_failing", failing_create, failing_init, failing_release, nullptr};

// --- kt_quitter: a service that retires itself during init ---

static int quitter_init(void *, skynet_context *ctx, const char *)
{
	handle_retire(skynet_context_handle(ctx));
	return 0;
}

static const skynet_module quitter_module = {"kt_quitter", failing_create, quitter_init, failing_release, nullptr};

// --- kt_silent: a service with no state and no callback, safe to launch from any thread ---

static int silent_init(void *, skynet_context *, const char *) { return 0; }

static const skynet_module silent_module = {"kt_silent", failing_create, silent_init, failing_release, nullptr};

void support_register_modules()
{
	static bool registered = false;
	if (registered)
		return;
	registered = true;
	// The logger as main.cpp wires it (snlua belongs to the Lua layer: the
	// runtime tests of tests/lua add it).
	module_register(logger_module_get());
	module_register(&recorder_module);
	module_register(&failing_module);
	module_register(&quitter_module);
	module_register(&silent_module);
}

test_service launch_recorder(const char *param)
{
	last_recorder = nullptr;
	skynet_context *ctx = context_new("kt_recorder", param);
	REQUIRE(ctx != nullptr);
	REQUIRE(last_recorder != nullptr);
	return {ctx, skynet_context_handle(ctx), last_recorder};
}

void dispatch_all()
{
	message_queue *q = nullptr;
	// Bounded: a service that keeps sending to itself must not hang the test.
	bool drained = false;
	for (int i = 0; i < 100000 && !drained; i++) {
		q = context_message_dispatch(0, q, 0);
		drained = q == nullptr;
	}
	// CHECK, not REQUIRE: the bench's destructor calls this, and must not throw.
	CHECK(drained);
}

kernel_bench::kernel_bench()
{
	support_register_modules();
	handle_init(0);
	monitor_init(1);
	REQUIRE(globalmq_empty());
	logger = launch_recorder("logger");
}

kernel_bench::~kernel_bench()
{
	handle_retireall();
	dispatch_all();
	monitor_free();
}

// --- temporary files ---

temp_dir::temp_dir()
{
	char pattern[] = "/tmp/skyglass-ktest-XXXXXX";
	REQUIRE(mkdtemp(pattern) != nullptr);
	path = pattern;
}

temp_dir::~temp_dir()
{
	std::error_code ignored;
	std::filesystem::remove_all(path, ignored);
}

std::string temp_dir::write(const char *name, const std::string &text) const
{
	std::string p = file(name);
	std::ofstream out(p, std::ios::binary);
	out << text;
	REQUIRE(out.good());
	return p;
}
