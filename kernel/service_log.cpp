// service_log: a file of every message one service receives, switched by LOGON/LOGOFF (skynet_log's twin).
// The debug console's `logon :addr` opens it; each message dispatched to that
// service is then one line, written by the worker that dispatches it before the
// service sees the message. The lines are skynet's, so tools that read skynet's
// service logs read these. One difference: skynet writes a socket message's
// fields ("[socket] type id ud ..."); the kernel does not know the socket
// layer's struct (it sits below net/), so a socket message is a plain line of
// its bytes, like every other type.
#include "kernel/service_log.h"

#include <cstring>
#include <ctime>
#include <mutex>
#include <string>

#include "kernel/skynet.h"

// A LOGOFF on one thread may close the file a worker is writing to on another
// (skynet lets that race). One lock makes close and write take turns; only
// services with a log open ever take it, so the others pay one atomic load.
static std::mutex log_lock;

FILE *service_log_open(skynet_context *ctx, uint32_t handle)
{
	const char *logpath = skynet_getenv("logpath");
	if (logpath == nullptr)
		return nullptr;
	char name[16];
	snprintf(name, sizeof(name), "/%08x.log", handle);
	std::string path = std::string(logpath) + name;
	FILE *f = fopen(path.c_str(), "ab");
	if (f == nullptr) {
		skynet_error(ctx, "Open log file %s fail", path.c_str());
		return nullptr;
	}
	uint64_t now = skynet_now();
	time_t wall = (time_t)(skynet_starttime() + now / 100);
	skynet_error(ctx, "Open log file %s", path.c_str());
	// ctime's text ends with its own newline, as in skynet's file.
	fprintf(f, "open time: %u %s", (uint32_t)now, ctime(&wall));
	fflush(f);
	return f;
}

void service_log_close(skynet_context *ctx, std::atomic<FILE *> &slot, uint32_t handle)
{
	std::lock_guard<std::mutex> hold(log_lock);
	FILE *f = slot.exchange(nullptr);
	if (f == nullptr)
		return;
	skynet_error(ctx, "Close log file :%08x", handle);
	fprintf(f, "close time: %u\n", (uint32_t)skynet_now());
	fclose(f);
}

void service_log_output(std::atomic<FILE *> &slot, uint32_t source, int type, int session, const void *data, size_t sz)
{
	std::lock_guard<std::mutex> hold(log_lock);
	FILE *f = slot.load();
	if (f == nullptr)
		return;
	fprintf(f, ":%08x %d %d %u ", source, type, session, (uint32_t)skynet_now());
	const unsigned char *bytes = static_cast<const unsigned char *>(data);
	for (size_t i = 0; i < sz; i++)
		fprintf(f, "%02x", bytes[i]);
	fputc('\n', f);
	fflush(f);
}
