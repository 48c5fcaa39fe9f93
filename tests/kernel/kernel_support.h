// kernel_support: what every kernel test needs: a recording service, a way to run
// queues on the test thread, and temporary files.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

struct skynet_context;

// One message as a recorder service saw it.
struct recorded_message {
	int type;
	int session;
	uint32_t source;
	std::string data;
};

// The instance of a `kt_recorder` service: every message it was handed, in order.
struct recorder {
	std::vector<recorded_message> received;
};

struct test_service {
	skynet_context *ctx; // owned by the handle registry: valid until retired
	uint32_t handle;
	recorder *rec;
};

// Registers logger (as main.cpp does) and the test modules:
// `kt_recorder` keeps what it receives (param "logger": it also takes the
// name `logger`, so skynet_error lines land in it instead of stderr), and
// `kt_failing` whose init always fails, `kt_quitter` which retires itself
// inside init, and `kt_silent`, stateless, to launch from many threads at once.
void support_register_modules();

test_service launch_recorder(const char *param = "");

// Run every queue that has work on this thread, as worker 0 would, until the
// global queue is empty. Queues of retired services are freed on the way.
void dispatch_all();

// The state a test that launches services starts from and leaves behind:
// harbor 0, one monitor slot (for worker 0, the test thread), a quiet logger,
// an empty global queue; on exit every service is retired and its queue freed.
struct kernel_bench {
	test_service logger;
	kernel_bench();
	~kernel_bench();
	kernel_bench(const kernel_bench &) = delete;
	kernel_bench &operator=(const kernel_bench &) = delete;
};

// A fresh directory under /tmp, removed with everything in it when this goes.
struct temp_dir {
	std::string path;
	temp_dir();
	~temp_dir();
	std::string file(const char *name) const { return path + "/" + name; }
	std::string write(const char *name, const std::string &text) const;
};
