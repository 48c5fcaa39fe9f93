// harbor: how a message leaves for another node: the kernel hands it to the harbor service (skynet_harbor's twin).
#include "kernel/harbor.h"

#include <atomic>
#include <cstdlib>
#include <cstring>

#include "kernel/context.h"
#include "kernel/skynet.h"

// The node's harbor byte, in place (harbor << 24), and the harbor service.
// harbor_owner is the service's address even after it exits: the queue it
// leaves behind is drained after that, and harbor_drop_queued must know it.
uint32_t harbor_self = 0;
static std::atomic<uint32_t> harbor_service{0};
static std::atomic<uint32_t> harbor_owner{0};

void harbor_init(int harbor)
{
	harbor_self = (uint32_t)(harbor & 0xff) << 24;
	harbor_service.store(0, std::memory_order_relaxed);
	harbor_owner.store(0, std::memory_order_relaxed);
}

void harbor_start(uint32_t service)
{
	if (service != 0)
		harbor_owner.store(service, std::memory_order_release);
	harbor_service.store(service, std::memory_order_release);
}

void harbor_drop_queued(uint32_t owner, skynet_message *msg)
{
	if (owner == 0 || owner != harbor_owner.load(std::memory_order_acquire))
		return;
	if (msg->type != PTYPE_SYSTEM || msg->inlined || msg->size != sizeof(remote_message))
		return;
	free(static_cast<remote_message *>(msg->data)->message);
}

bool harbor_send(uint32_t source, uint32_t destination, int type, int session, void *data, size_t sz)
{
	uint32_t service = harbor_service.load(std::memory_order_acquire);
	if (service == 0) {
		free(data);
		return false;
	}
	auto *rmsg = static_cast<remote_message *>(malloc(sizeof(remote_message)));
	*rmsg = remote_message{destination, data, sz, type};
	skynet_message msg{.source = source, .session = session, .type = PTYPE_SYSTEM, .inlined = false, .data = rmsg, .size = sizeof(*rmsg), .id = 0};
	if (skynet_context_push(service, &msg) != 0) {
		// the harbor service is gone (the node is ending)
		free(data);
		free(rmsg);
		return false;
	}
	return true;
}

static const char *env_or_null(const char *key)
{
	const char *v = skynet_getenv(key);
	return v && v[0] ? v : nullptr;
}

bool harbor_check_config(std::string &error)
{
	const char *harbor = skynet_getenv("harbor");
	int id = harbor ? atoi(harbor) : 0;
	if (id == 0) {
		if (const char *standalone = env_or_null("standalone")) {
			error = std::string("config error: standalone needs a harbor from 1 to 255, got standalone = '") +
				standalone + "' with harbor = " + (harbor ? harbor : "0") + " (single node)";
			return false;
		}
		return true;
	}
	for (const char *key : {"address", "master"}) {
		if (env_or_null(key) == nullptr) {
			error = std::string("config error: harbor = ") + harbor + " needs `" + key +
				"` (an \"ip:port\"), which is not set";
			return false;
		}
	}
	return true;
}
