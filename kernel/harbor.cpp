// harbor: the C service skynet's cdummy launches (`harbor 0 <cdummy>`); in one node it has no peer to forward to.
#include "kernel/harbor.h"

#include <atomic>

#include "kernel/context.h"
#include "kernel/handle.h"
#include "kernel/skynet.h"

// The harbor service's address, for harbor_drop (0 before it starts).
static std::atomic<uint32_t> harbor_handle{0};

// skynet's harbor service carries messages to other nodes. skyglass runs one
// node (harbor = 0), where skynet's harbor also forwards nothing; it exists so
// the boot order, and so every address after it, is skynet's (:5 is the
// harbor, the `start` service is :8), and so its LAUNCH line is in the log.
static void *harbor_create() { return reinterpret_cast<void *>(1); }

static void harbor_release(void *) {}

// Nothing arrives in one node but name registrations (skynet's cdummy sends
// them); global names live in cdummy, so they are dropped.
static int harbor_cb(skynet_context *, void *, int, int, uint32_t, const void *, size_t)
{
	return 0;
}

static int harbor_init(void *instance, skynet_context *ctx, const char *)
{
	context_set_daemon(ctx); // it serves the node; exit_when_idle does not wait for it
	harbor_handle.store(skynet_context_handle(ctx), std::memory_order_release);
	skynet_callback(ctx, instance, harbor_cb);
	return 0;
}

bool harbor_drop(uint32_t source, uint32_t destination, int session, size_t sz)
{
	if ((destination >> 24) == 0)
		return false;
	skynet_context *harbor = handle_grab(harbor_handle.load(std::memory_order_acquire));
	if (harbor == nullptr)
		return false;
	// skynet's harbor answers for the dead node, then says why
	skynet_send(nullptr, destination, source, PTYPE_ERROR, session, nullptr, 0);
	skynet_error(harbor, "Drop message to harbor %u from %x to %x (session = %d, msgsz = %d)",
		destination >> 24, source, destination, session, int(sz));
	context_release(harbor);
	return true;
}

static const skynet_module harbor_module = {"harbor", harbor_create, harbor_init, harbor_release, nullptr};

const skynet_module *harbor_module_get() { return &harbor_module; }
