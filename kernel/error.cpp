// error: skynet_error, which formats a line and hands it to the logger service.
#include <atomic>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "kernel/handle.h"
#include "kernel/skynet.h"
#include "kernel/trace.h"

static std::atomic<bool> services_muted{false};

void skynet_error_mute_services() { services_muted.store(true, std::memory_order_release); }

// Hands `text` (n bytes, malloc'ed; or `small`, copied) to the logger, or
// to stderr when there is none yet.
static void log_line(skynet_context *ctx, char *text, const char *small, size_t n)
{
	uint32_t source = skynet_context_handle(ctx);
	if (trace_enabled())
		trace_log(source, std::string_view(text, n));
	if (ctx && services_muted.load(std::memory_order_acquire)) {
		if (text != small)
			free(text);
		return;
	}

	// Looked up each time: the logger may not exist yet (early start-up
	// errors), and then the line goes straight to stderr.
	uint32_t logger = handle_findname("logger");
	skynet_message msg{.source = source, .session = 0, .type = PTYPE_TEXT, .inlined = false, .data = nullptr, .size = n, .id = 0};
	msg.data = text == small ? malloc(n + 1) : text;
	if (text == small)
		memcpy(msg.data, small, n + 1);
	if (logger == 0 || skynet_context_push(logger, &msg) != 0) {
		fprintf(stderr, "[:%08x] %s\n", source, (char *)msg.data);
		free(msg.data);
	}
}

void skynet_error(skynet_context *ctx, const char *fmt, ...)
{
	char small[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	char *text = small;
	if ((size_t)n >= sizeof(small)) {
		text = (char *)malloc((size_t)n + 1);
		va_start(ap, fmt);
		vsnprintf(text, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	log_line(ctx, text, small, (size_t)n);
}

void skynet_error_bytes(skynet_context *ctx, const char *bytes, size_t n)
{
	char *text = (char *)malloc(n + 1);
	memcpy(text, bytes, n);
	text[n] = '\0';
	log_line(ctx, text, nullptr, n);
}
