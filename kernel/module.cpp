// module: the table of linked-in service modules, filled before the workers start.
#include "kernel/module.h"

#include <cstring>
#include <vector>

// Linear scan: a program has a handful of modules, and lookups happen only
// when a service is launched.
static std::vector<const skynet_module *> modules;

void module_register(const skynet_module *mod)
{
	if (module_query(mod->name) == nullptr)
		modules.push_back(mod);
}

const skynet_module *module_query(const char *name)
{
	for (auto *m : modules)
		if (strcmp(m->name, name) == 0)
			return m;
	return nullptr;
}
