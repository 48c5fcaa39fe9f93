// module: C++ service types (logger, snlua) that LAUNCH can instantiate by name.
#pragma once

struct skynet_context;

// A service module, as skynet's dynamically loaded .so modules but linked in:
// the program's entry point registers the ones it has before start.
struct skynet_module {
	const char *name;
	void *(*create)();
	// Returns 0 on success; on failure the service is removed again.
	int (*init)(void *instance, skynet_context *ctx, const char *param);
	void (*release)(void *instance);
	void (*signal)(void *instance, int signal); // may be null
};

void module_register(const skynet_module *mod);
const skynet_module *module_query(const char *name);
