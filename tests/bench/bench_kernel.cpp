// bench_kernel: the runtime's own limit: C++-only services sending and calling, with no Lua.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>

#include "kernel/logger.h"
#include "kernel/module.h"
#include "kernel/skynet.h"
#include "kernel/start.h"
#include "lua/runtime_parts.h"

static long peak_kb()
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = 0;
	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, "VmHWM:", 6) == 0)
			kb = atol(line + 6);
	if (f)
		fclose(f);
	return kb;
}

// kpong: answers every request with an empty RESPONSE, and counts sends.
struct kpong {
	long sends = 0;
};

static int kpong_cb(skynet_context *ctx, void *ud, int type, int session, uint32_t source,
	const void *msg, size_t sz)
{
	auto *p = static_cast<kpong *>(ud);
	if (session == 0) {
		p->sends++;
		return 0;
	}
	// A request after the sends: reply with how many sends arrived.
	skynet_send(ctx, 0, source, PTYPE_RESPONSE, session, &p->sends, sizeof(p->sends));
	return 0;
}

static void *kpong_create() { return new kpong; }
static void kpong_release(void *p) { delete static_cast<kpong *>(p); }
static int kpong_init(void *inst, skynet_context *ctx, const char *param)
{
	skynet_callback(ctx, inst, kpong_cb);
	return 0;
}
static const skynet_module kpong_module = {"kpong", kpong_create, kpong_init, kpong_release, nullptr};

// kbench: "call N" or "send N" against a kpong it launches.
struct kbench {
	std::string mode;
	long n = 0, done = 0;
	uint32_t pong = 0;
	uint64_t start = 0;
};

static void report(skynet_context *ctx, kbench *b, long count)
{
	double ns = (double)(skynet_hpc() - b->start);
	printf("BENCH kernel %-20s threads=%s n=%ld  %10.0f msgs/s  %7.3f us/op  peak=%ld kB\n",
		b->mode.c_str(), skynet_getenv("thread"), count, count / (ns / 1e9), ns / count / 1000, peak_kb());
	fflush(stdout);
	skynet_command(ctx, "ABORT", "0");
}

static int kbench_cb(skynet_context *ctx, void *ud, int type, int session, uint32_t source,
	const void *msg, size_t sz)
{
	auto *b = static_cast<kbench *>(ud);
	if (type != PTYPE_RESPONSE)
		return 0;
	if (b->mode == "send") {
		long seen = *static_cast<const long *>(msg);
		if (seen != b->n)
			fprintf(stderr, "kpong saw %ld of %ld sends\n", seen, b->n);
		report(ctx, b, b->n);
		return 0;
	}
	if (++b->done < b->n)
		skynet_send(ctx, 0, b->pong, PTYPE_LUA | PTYPE_TAG_ALLOCSESSION, 0, nullptr, 0);
	else
		report(ctx, b, b->n);
	return 0;
}

static void *kbench_create() { return new kbench; }
static void kbench_release(void *p) { delete static_cast<kbench *>(p); }
static int kbench_init(void *inst, skynet_context *ctx, const char *param)
{
	auto *b = static_cast<kbench *>(inst);
	char mode[16];
	if (sscanf(param, "%15s %ld", mode, &b->n) != 2)
		return 1;
	b->mode = mode;
	const char *addr = skynet_command(ctx, "LAUNCH", "kpong");
	b->pong = (uint32_t)strtoul(addr + 1, nullptr, 16);
	skynet_callback(ctx, b, kbench_cb);
	b->start = skynet_hpc();
	if (b->mode == "send") {
		int payload = 0;
		for (long i = 0; i < b->n; i++)
			skynet_send(ctx, 0, b->pong, PTYPE_LUA, 0, &payload, sizeof(payload));
	}
	skynet_send(ctx, 0, b->pong, PTYPE_LUA | PTYPE_TAG_ALLOCSESSION, 0, nullptr, 0);
	return 0;
}
static const skynet_module kbench_module = {"kbench", kbench_create, kbench_init, kbench_release, nullptr};

static int run(const char *bootstrap, int threads)
{
	char path[] = "/tmp/skyglass-bench-XXXXXX";
	int fd = mkstemp(path);
	std::string text = "thread = " + std::to_string(threads) + "\nexit_when_idle = true\nbootstrap = \"" + bootstrap + "\"\n";
	if (write(fd, text.data(), text.size()) != (ssize_t)text.size())
		return 1;
	close(fd);
	int r = skynet_start(path, skyglass_runtime_parts());
	unlink(path);
	return r;
}

int main(int argc, char **argv)
{
	module_register(logger_module_get());
	module_register(&kpong_module);
	module_register(&kbench_module);
	// The logger's LAUNCH lines would clutter the figures.
	for (int threads : {2, 1}) {
		run("kbench send 1000000", threads);
		run("kbench call 200000", threads);
	}
	return 0;
}
