// e2e_runtime: the skyglass program as a child process, and the blocking client helpers the end-to-end tests share.
#pragma once
#include <sys/types.h>

#include <chrono>
#include <string>

// RSS figures mean nothing under a sanitizer: its shadow memory and its own
// allocator (which malloc_trim does not reach) are counted too. The behaviour
// is still checked there; only the memory figures are left to the plain build.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool RSS_IS_MEANINGFUL = false;
#else
constexpr bool RSS_IS_MEANINGFUL = true;
#endif

// A port that was free a moment ago (TCP and UDP).
int free_port();

// One run of `skyglass tests/net/e2e_config.lua` with TEST=service and PORT=port;
// its output is collected as it comes. The destructor kills what is left.
class runtime {
public:
	std::string log;

	runtime(const std::string &service, int port, const std::string &trace = "");
	~runtime();
	runtime(const runtime &) = delete;
	runtime &operator=(const runtime &) = delete;

	// Wait until the log holds `text`. False at the deadline or the end of output.
	bool wait_for(const std::string &text, int ms = 10000);
	// Wait for the program to end; its exit status, or -1 at the deadline.
	int wait_exit(int ms = 10000);
	pid_t pid() const { return pid_; }

private:
	bool read_some(std::chrono::steady_clock::time_point deadline);

	pid_t pid_ = -1;
	int out_ = -1;
};

// A blocking connection to 127.0.0.1:port with 10 s send and receive timeouts.
int connect_to(int port);
// A netpack frame: 2-byte big-endian length + payload.
std::string frame(const std::string &payload);
// Read one netpack frame; "" with ok=false at the end of the stream.
std::string read_frame(int fd, bool *ok);
// Ask an echo_server to end the runtime, and check that it exits with 0.
void quit(runtime &rt, int port);
// A line of the program's /proc/PID/status (e.g. "VmRSS"), in kB; -1 if absent.
long proc_status_kb(pid_t pid, const char *field);
