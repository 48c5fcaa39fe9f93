// command: skynet_command, the text commands a service gives the runtime (LAUNCH, TIMEOUT, ...).
#include <atomic>
#include <cstdio>
#include <climits>
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
		if (!handle_namehandle(self, param))
			return nullptr; // taken: nothing logged, as skynet's
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
		// a local name with no ':address' is ignored quietly, as skynet's
		if (global)
			skynet_error(ctx, "bad GLOBALNAME command '%s' (want 'name :address')", param);
		return nullptr;
	}
	uint32_t h = handle_from_string(addr);
	if (h == 0 || !handle_namehandle(h, name))
		return nullptr; // taken (or no address): nothing logged, as skynet's
	if (trace_enabled())
		trace_svc_name(h, name);
	return param;
}

static const char *cmd_launch(skynet_context *ctx, const char *param)
{
	// As skynet's: the module's name ends at the first blank, and its
	// arguments at the first line break (what follows is dropped, unlogged).
	std::string text(param);
	size_t blank = text.find_first_of(" \t\r\n");
	std::string mod = text.substr(0, blank);
	std::string args = blank == std::string::npos ? "" : text.substr(blank + 1);
	args = args.substr(0, args.find_first_of("\r\n"));
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
	// cpu: seconds this service has spent dispatching; time: seconds the
	// current dispatch has run so far (both 0 with profile = false). "cpu"
	// sums wall time of the dispatches, standing for CPU time (context.cpp);
	// "time" is thread CPU time as skynet's (monitor_dispatch_cpu).
	if (strcmp(param, "cpu") == 0 || strcmp(param, "time") == 0) {
		double us = 0;
		if (context_profiling())
			us = param[0] == 'c' ? (double)context_cpu_cost(ctx)
				: (double)context_dispatch_cpu(ctx);
		size_t size;
		char *buf = context_result_buffer(ctx, &size);
		snprintf(buf, size, "%f", us / 1000000.0);
		return buf;
	}
	// What is not counted is an empty answer, as skynet's: intcommand reads 0.
	size_t size;
	char *buf = context_result_buffer(ctx, &size);
	buf[0] = '\0';
	return buf;
}

static const char *cmd_query(skynet_context *ctx, const char *param)
{
	uint32_t h = handle_findname(param);
	return h ? result_handle(ctx, h) : nullptr;
}

static const char *cmd_name_local(skynet_context *ctx, const char *param) { return cmd_name(ctx, param, false); }
static const char *cmd_globalname(skynet_context *ctx, const char *param) { return cmd_name(ctx, param, true); }

// The exit monitor (skynet.monitor, "MONITOR :addr"): told of every service
// that leaves by EXIT or KILL, as skynet's, with an empty PTYPE_CLIENT message
// whose source is the service that left. 0: none.
static std::atomic<uint32_t> monitor_exit{0};

static void tell_monitor(skynet_context *ctx, uint32_t gone)
{
	uint32_t monitor = monitor_exit.load(std::memory_order_relaxed);
	if (monitor != 0)
		skynet_send(ctx, gone, monitor, PTYPE_CLIENT, 0, nullptr, 0);
}

// The two log lines are skynet's, word for word ("%0x": no padding).
static const char *cmd_exit(skynet_context *ctx, const char *)
{
	skynet_error(ctx, "KILL self");
	tell_monitor(ctx, skynet_context_handle(ctx));
	handle_retire(skynet_context_handle(ctx));
	return nullptr;
}

static const char *cmd_kill(skynet_context *ctx, const char *param)
{
	uint32_t h = handle_from_string(param);
	if (h) {
		skynet_error(ctx, "KILL :%0x", h);
		tell_monitor(ctx, h);
		context_kill(h);
	}
	return nullptr;
}

// "MONITOR :addr" sets the exit monitor; "MONITOR" alone answers it (":%x").
static const char *cmd_monitor(skynet_context *ctx, const char *param)
{
	if (param[0] != '\0') {
		monitor_exit.store(handle_from_string(param), std::memory_order_relaxed);
		return nullptr;
	}
	uint32_t monitor = monitor_exit.load(std::memory_order_relaxed);
	if (monitor == 0)
		return nullptr;
	size_t size;
	char *buf = context_result_buffer(ctx, &size);
	snprintf(buf, size, ":%x", monitor);
	return buf;
}

// "SIGNAL :addr n" (skynet's cmd_signal)
static const char *cmd_signal(skynet_context *, const char *param)
{
	char *end = nullptr;
	uint32_t h = handle_from_string(param);
	const char *space = strchr(param, ' ');
	long sig = space ? strtol(space + 1, &end, 10) : 0;
	// skyglass: a number past an int is no signal (cut to an int, 2^32 was
	// signal 0, which breaks the service's running code)
	if (h && sig >= INT_MIN && sig <= INT_MAX)
		context_signal(h, int(sig));
	return nullptr;
}

// "LOGON :addr" / "LOGOFF :addr" (skynet's cmd_logon / cmd_logoff)
static const char *cmd_logon(skynet_context *ctx, const char *param)
{
	if (uint32_t h = handle_from_string(param))
		context_logon(ctx, h);
	return nullptr;
}

static const char *cmd_logoff(skynet_context *ctx, const char *param)
{
	if (uint32_t h = handle_from_string(param))
		context_logoff(ctx, h);
	return nullptr;
}

// skyglass: "on" or "off" -> the state now, or nullptr if no trace is open
// "on" / "off": the whole runtime; "on :0000000a" / "off :0000000a": one service.
// The answer repeats what took effect; nullptr when nothing did.
static const char *cmd_tracing(skynet_context *ctx, const char *param)
{
	char flag[8];
	unsigned int handle = 0;
	int n = sscanf(param, "%7s :%x", flag, &handle);
	bool on = n >= 1 && strcmp(flag, "on") == 0;
	if (n < 1 || (!on && strcmp(flag, "off") != 0))
		return nullptr;
	if (n == 1)
		return trace_switch(on) ? (on ? "tracing on" : "tracing off") : nullptr;
	if (handle == 0 || !trace_switch_service(handle, on))
		return nullptr;
	size_t size;
	char *buf = context_result_buffer(ctx, &size);
	snprintf(buf, size, "tracing %s :%08x", flag, handle);
	return buf;
}

static const char *cmd_getenv(skynet_context *, const char *param) { return skynet_getenv(param); }

static const char *cmd_setenv(skynet_context *, const char *param)
{
	std::string text(param);
	size_t space = text.find(' ');
	if (space == std::string::npos)
		return nullptr;
	return skynet_setenv(text.substr(0, space).c_str(), text.c_str() + space + 1) ? param : nullptr;
}

static const char *cmd_starttime(skynet_context *ctx, const char *)
{
	return result_number(ctx, timer_starttime());
}

static const char *cmd_now(skynet_context *ctx, const char *) { return result_number(ctx, (long long)timer_now()); }

static const char *cmd_abort(skynet_context *, const char *param)
{
	// As skynet's abort, every service is retired at once, so none runs
	// again (the caller finishes its dispatch): a service that would have
	// gone on in the moment before the main thread looks (an answer
	// arriving, a start finishing) logs nothing skynet would not. The logger
	// stays, to print what led here (the lines already sent to it); the main
	// thread retires it last. What services log from now on is not printed,
	// as skynet's retired logger would not print it.
	skynet_error_mute_services();
	runtime_request_quit(param[0] ? atoi(param) : 0);
	handle_retireall(handle_findname("logger"));
	return nullptr;
}

static const char *cmd_mqlen(skynet_context *ctx, const char *)
{
	return result_number(ctx, (long long)context_mqlen(ctx));
}

static const char *cmd_daemon(skynet_context *ctx, const char *)
{
	context_set_daemon(ctx);
	return nullptr;
}

// The commands by name, as skynet_server.c's cmd_funcs table.
static const struct {
	const char *name;
	const char *(*run)(skynet_context *ctx, const char *param);
} COMMANDS[] = {
	{"TIMEOUT", cmd_timeout},
	{"REG", cmd_reg},
	{"QUERY", cmd_query},
	{"NAME", cmd_name_local},
	{"GLOBALNAME", cmd_globalname},
	{"EXIT", cmd_exit},
	{"KILL", cmd_kill},
	{"SIGNAL", cmd_signal},
	{"LOGON", cmd_logon},
	{"LOGOFF", cmd_logoff},
	{"LAUNCH", cmd_launch},
	{"GETENV", cmd_getenv},
	{"SETENV", cmd_setenv},
	{"STARTTIME", cmd_starttime},
	{"NOW", cmd_now},
	{"ABORT", cmd_abort},
	{"MQLEN", cmd_mqlen},
	{"STAT", cmd_stat},
	{"TRACING", cmd_tracing},
	{"DAEMON", cmd_daemon},
	{"MONITOR", cmd_monitor},
};

const char *skynet_command(skynet_context *ctx, const char *cmd, const char *param)
{
	for (const auto &c : COMMANDS)
		if (strcmp(cmd, c.name) == 0)
			return c.run(ctx, param ? param : "");
	return nullptr;
}

uint64_t skynet_now() { return timer_now(); }
uint32_t skynet_starttime() { return timer_starttime(); }
uint64_t skynet_hpc() { return trace_clock(); }
