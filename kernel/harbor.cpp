// harbor: the C service skynet's cdummy launches (`harbor 0 <cdummy>`); in one node it has no peer to forward to.
#include "kernel/harbor.h"

#include "kernel/context.h"
#include "kernel/skynet.h"

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
	skynet_callback(ctx, instance, harbor_cb);
	return 0;
}

static const skynet_module harbor_module = {"harbor", harbor_create, harbor_init, harbor_release, nullptr};

const skynet_module *harbor_module_get() { return &harbor_module; }
