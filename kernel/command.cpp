// command: skynet_command, the text commands a service gives the runtime (LAUNCH, TIMEOUT, ...).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "kernel/context.h"
#include "kernel/handle.h"
#include "kernel/start.h"
#include "kernel/timer.h"
#include "kernel/trace.h"

static const char *result_handle(skynet_context *ctx, uint32_t handle)
{
	size_t size;
	char *buf = context_result_buffer(ctx, &size);
	snprintf(buf, size, ":%08x", handle);
	return buf;
}

static const char *result_number(skynet_context *ctx, long long n)
{
	size_t size;
	char *buf = context_result_buffer(ctx, &size);
	snprintf(buf, size, "%lld", n);
	return buf;
}

static const char *cmd_timeout(skynet_context *ctx, const char *param)
{
	int ticks = (int)strtol(param, nullptr, 10);
	int session = skynet_context_newsession(ctx);
	timer_timeout(skynet_context_handle(ctx), ticks, session);
	return result_number(ctx, session);
}

static const char *cmd_reg(skynet_context *ctx, const char *param)
{
	uint32_t self = skynet_context_handle(ctx);
	if (param == nullptr || param[0] == '\0')
		return result_handle(ctx, self);
	if (param[0] == '.') {
		if (!handle_namehandle(self, param)) {
			skynet_error(ctx, "name %s is already taken", param);
			return nullptr;
		}
		if (trace_enabled())
			trace_svc_name(self, param);
		return param;
	}
	skynet_error(ctx, "can't register global name %s in this node (only .local names)", param);
	return nullptr;
}

// "NAME .name :address" binds a local name. "GLOBALNAME name :address" binds
// a global name (no dot): only the standalone harbor (cdummy) sends it, as in
// skynet only the harbor knows global names; one node keeps both in one registry.
static const char *cmd_name(skynet_context *ctx, const char *param, bool global)
{
	char name[128], addr[64];
	bool bad_name;
	if (sscanf(param, "%127s %63s", name, addr) != 2 || addr[0] != ':')
		bad_name = true;
	else if (global)
		bad_name = name[0] == '.' || name[0] == ':' || (name[0] >= '0' && name[0] <= '9');
	else
		bad_name = name[0] != '.';
	if (bad_name) {
		skynet_error(ctx, global ? "bad GLOBALNAME command '%s' (want 'name :address')"
			: "bad NAME command '%s' (want '.name :address')", param);
		return nullptr;
	}
	uint32_t h = handle_from_string(addr);
	if (h == 0 || !handle_namehandle(h, name)) {
		skynet_error(ctx, "name %s is already taken", name);
		return nullptr;
	}
	if (trace_enabled())
		trace_svc_name(h, name);
	return param;
}

static const char *cmd_launch(skynet_context *ctx, const char *param)
{
	std::string text(param);
	size_t space = text.find(' ');
	std::string mod = text.substr(0, space);
	std::string args = space == std::string::npos ? "" : text.substr(space + 1);
	skynet_context *inst = context_new(mod.c_str(), args.c_str());
	if (inst == nullptr)
		return nullptr;
	return result_handle(ctx, skynet_context_handle(inst));
}

static const char *cmd_stat(skynet_context *ctx, const char *param)
{
	if (strcmp(param, "mqlen") == 0)
		return result_number(ctx, (long long)context_mqlen(ctx));
	if (strcmp(param, "endless") == 0)
		return result_number(ctx, context_take_endless(ctx) ? 1 : 0);
	if (strcmp(param, "message") == 0)
		return result_number(ctx, (long long)context_message_count(ctx));
	// cpu: seconds of CPU this service has used; time: seconds of CPU the
	// current dispatch has used so far (both 0 with profile = false).
	if (strcmp(param, "cpu") == 0 || strcmp(param, "time") == 0) {
		double us = 0;
		if (context_profiling())
			us = param[0] == 'c' ? (double)context_cpu_cost(ctx)
				: (double)(context_thread_time() - context_cpu_start(ctx));
		size_t size;
		char *buf = context_result_buffer(ctx, &size);
		snprintf(buf, size, "%f", us / 1000000.0);
		return buf;
	}
	return nullptr;
}

const char *skynet_command(skynet_context *ctx, const char *cmd, const char *param)
{
	if (param == nullptr)
		param = "";
	if (strcmp(cmd, "TIMEOUT") == 0)
		return cmd_timeout(ctx, param);
	if (strcmp(cmd, "REG") == 0)
		return cmd_reg(ctx, param);
	if (strcmp(cmd, "QUERY") == 0) {
		uint32_t h = handle_findname(param);
		return h ? result_handle(ctx, h) : nullptr;
	}
	if (strcmp(cmd, "NAME") == 0)
		return cmd_name(ctx, param, false);
	if (strcmp(cmd, "GLOBALNAME") == 0)
		return cmd_name(ctx, param, true);
	// The two log lines are skynet's, word for word ("%0x": no padding).
	if (strcmp(cmd, "EXIT") == 0) {
		skynet_error(ctx, "KILL self");
		handle_retire(skynet_context_handle(ctx));
		return nullptr;
	}
	if (strcmp(cmd, "KILL") == 0) {
		uint32_t h = handle_from_string(param);
		if (h) {
			skynet_error(ctx, "KILL :%0x", h);
			context_kill(h);
		}
		return nullptr;
	}
	if (strcmp(cmd, "SIGNAL") == 0) {
		// "SIGNAL :addr n" (skynet's cmd_signal)
		char *end = nullptr;
		uint32_t h = handle_from_string(param);
		const char *space = strchr(param, ' ');
		int sig = space ? int(strtol(space + 1, &end, 10)) : 0;
		if (h)
			context_signal(h, sig);
		return nullptr;
	}
	if (strcmp(cmd, "LAUNCH") == 0)
		return cmd_launch(ctx, param);
	if (strcmp(cmd, "GETENV") == 0)
		return skynet_getenv(param);
	if (strcmp(cmd, "SETENV") == 0) {
		std::string text(param);
		size_t space = text.find(' ');
		if (space == std::string::npos)
			return nullptr;
		return skynet_setenv(text.substr(0, space).c_str(), text.c_str() + space + 1) ? param : nullptr;
	}
	if (strcmp(cmd, "STARTTIME") == 0)
		return result_number(ctx, timer_starttime());
	if (strcmp(cmd, "NOW") == 0)
		return result_number(ctx, (long long)timer_now());
	if (strcmp(cmd, "ABORT") == 0) {
		// The main thread retires every service; doing it here would kill
		// the logger before it prints what led to the abort.
		runtime_request_quit(param[0] ? atoi(param) : 0);
		return nullptr;
	}
	if (strcmp(cmd, "MQLEN") == 0)
		return result_number(ctx, (long long)context_mqlen(ctx));
	if (strcmp(cmd, "STAT") == 0)
		return cmd_stat(ctx, param);
	if (strcmp(cmd, "TRACING") == 0) {
		// skyglass: "on" or "off" -> the state now, or nullptr if no trace is open
		bool on = strcmp(param, "on") == 0;
		if (!on && strcmp(param, "off") != 0)
			return nullptr;
		return trace_switch(on) ? (on ? "tracing on" : "tracing off") : nullptr;
	}
	if (strcmp(cmd, "DAEMON") == 0) {
		context_set_daemon(ctx);
		return nullptr;
	}
	return nullptr;
}

uint64_t skynet_now() { return timer_now(); }
uint32_t skynet_starttime() { return timer_starttime(); }
uint64_t skynet_hpc() { return trace_clock(); }
