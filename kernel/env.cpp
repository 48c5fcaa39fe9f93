// env: the runtime's key/value environment (config keys, skynet.getenv/setenv).
#include <cstring>
#include <map>
#include <mutex>
#include <string>

#include "kernel/skynet.h"

// A std::map keeps node addresses stable, so the const char* handed out by
// skynet_getenv stays valid: a key, once set, is never changed (as skynet).
static std::mutex env_lock;
static std::map<std::string, std::string> env_table;

const char *skynet_getenv(const char *key)
{
	std::lock_guard g(env_lock);
	auto it = env_table.find(key);
	return it == env_table.end() ? nullptr : it->second.c_str();
}

bool skynet_setenv(const char *key, const char *value)
{
	std::lock_guard g(env_lock);
	return env_table.emplace(key, value).second;
}

void env_clear()
{
	std::lock_guard g(env_lock);
	env_table.clear();
}
