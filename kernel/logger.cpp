// logger: the C++ service that prints every skynet.error line, prefixed with its source.
#include "kernel/logger.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <string>

#include "kernel/skynet.h"

struct logger {
	FILE *out = nullptr;
	bool owns_file = false;
	std::string path = "stdout";
	bool lost = false; // a write failed and stderr was told
};

// The output of the running logger, for logger_write_urgent. stdio locks
// each FILE, so a line written from the monitor thread does not tear one
// the logger writes; the mutex only guards the pointer against release.
static std::mutex urgent_lock;
static FILE *urgent_out = nullptr;

bool logger_write_urgent(uint32_t source, const char *text)
{
	std::lock_guard g(urgent_lock);
	if (urgent_out == nullptr)
		return false;
	fprintf(urgent_out, "[:%08x] %s\n", source, text);
	fflush(urgent_out);
	return true;
}

static void *logger_create() { return new logger; }

static void logger_release(void *instance)
{
	auto *inst = static_cast<logger *>(instance);
	{
		std::lock_guard g(urgent_lock);
		if (urgent_out == inst->out)
			urgent_out = nullptr;
	}
	if (inst->owns_file)
		fclose(inst->out);
	delete inst;
}

static int logger_cb(skynet_context *ctx, void *ud, int type, int session, uint32_t source,
	const void *msg, size_t sz)
{
	auto *inst = static_cast<logger *>(ud);
	if (type == PTYPE_TEXT) {
		fprintf(inst->out, "[:%08x] ", source);
		if (sz > 0) // an empty line comes with no buffer at all
			fwrite(msg, 1, sz, inst->out);
		fputc('\n', inst->out);
		// Flushed per line: a learner watches the log live, and a crash must
		// not eat the line that explains it.
		// A failed write (a full disk, `logger = "/dev/full"`) lost the lines in
		// silence: stderr now says so once.
		if (fflush(inst->out) != 0 && !inst->lost) {
			inst->lost = true;
			fprintf(stderr, "logger: writing '%s' failed: %s; log lines are lost\n", inst->path.c_str(),
				strerror(errno));
		}
	} else if (type == PTYPE_SYSTEM && inst->owns_file) {
		// SIGHUP (start.cpp): reopen the file, as skynet's logger does, so a
		// rotated log goes on in a new file of the same name.
		std::lock_guard g(urgent_lock);
		FILE *again = freopen(inst->path.c_str(), "a", inst->out);
		if (again == nullptr) {
			fprintf(stderr, "logger: cannot reopen '%s': %s; logging to stderr\n", inst->path.c_str(), strerror(errno));
			inst->out = stderr;
			inst->owns_file = false;
			inst->path = "stderr";
		} else {
			inst->out = again;
		}
		urgent_out = inst->out;
	}
	return 0;
}

static int logger_init(void *instance, skynet_context *ctx, const char *param)
{
	auto *inst = static_cast<logger *>(instance);
	if (param && param[0]) {
		inst->out = fopen(param, "a");
		if (inst->out == nullptr) {
			fprintf(stderr, "logger: cannot open '%s' for appending\n", param);
			return 1;
		}
		inst->owns_file = true;
		inst->path = param;
	} else {
		inst->out = stdout;
	}
	skynet_callback(ctx, inst, logger_cb);
	std::lock_guard g(urgent_lock);
	urgent_out = inst->out;
	return 0;
}

static const skynet_module logger_module = {"logger", logger_create, logger_init, logger_release, nullptr};

const skynet_module *logger_module_get() { return &logger_module; }
