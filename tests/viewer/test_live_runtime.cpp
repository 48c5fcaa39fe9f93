// test_live_runtime: two viewers on a real runtime's live sink, one from the start and one late, agree on the services.
#include "trace/trace_source.h"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <netinet/in.h>
#include <set>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

static int free_port()
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	sockaddr_in a{};
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a);
	socklen_t len = sizeof a;
	getsockname(fd, reinterpret_cast<sockaddr *>(&a), &len);
	close(fd);
	return ntohs(a.sin_port);
}

// Poll `ok` (under the model lock) until it holds or ten seconds pass.
template <class F>
static bool eventually(TraceSource &s, F ok)
{
	for (int i = 0; i < 1000; i++) {
		{
			std::lock_guard g(s.mutex);
			if (ok(s.model))
				return true;
		}
		std::this_thread::sleep_for(std::chrono::milliseconds(10));
	}
	return false;
}

static int count_args(const TraceModel &m, const std::string &args)
{
	int n = 0;
	for (auto &svc : m.services())
		n += svc.args == args;
	return n;
}

TEST_CASE("a viewer that joins late gets the live services and ends with the same set", "[viewer][live]")
{
	int port = free_port();
	std::string address = "127.0.0.1:" + std::to_string(port);
	pid_t pid = fork();
	if (pid == 0) {
		setenv("SKYGLASS_TRACE", address.c_str(), 1);
		setenv("SKYGLASS_TRACE_WAIT", "1", 1); // hold start-up until the first viewer is in
		execl(SKYGLASS_BIN, SKYGLASS_BIN, "tests/viewer/live/config.lua", static_cast<char *>(nullptr));
		_exit(127);
	}
	REQUIRE(pid > 0);

	TraceSource early, late;
	early.connect(address, 5000);
	bool children = eventually(early, [](const TraceModel &m) { return count_args(m, "hold_child") == 2; });
	if (!children)
		kill(pid, SIGKILL);
	REQUIRE(children);

	late.connect(address, 5000);
	auto disconnected = [](TraceSource &s) {
		for (int i = 0; i < 1500 && s.state() != TraceSource::State::Disconnected; i++)
			std::this_thread::sleep_for(std::chrono::milliseconds(10));
		return s.state() == TraceSource::State::Disconnected;
	};
	bool ended = disconnected(early) && disconnected(late);
	int status = 0;
	waitpid(pid, &status, 0);
	REQUIRE(ended);
	REQUIRE(WIFEXITED(status));
	CHECK(WEXITSTATUS(status) == 0);

	std::lock_guard ge(early.mutex);
	std::lock_guard gl(late.mutex);
	// The early viewer saw everything from the first event.
	CHECK(count_args(early.model, "bootstrap") == 1);
	// The late viewer got every service alive when it joined, with its name,
	// and everything after: the same set as the early one at that moment.
	int64_t joined = late.model.first_time();
	std::set<uint32_t> alive_at_join, known_late;
	for (auto &svc : early.model.services()) {
		bool exited_before = svc.exited != NO_EVENT && early.model.event(svc.exited).t < joined;
		if (!exited_before)
			alive_at_join.insert(svc.handle);
	}
	for (auto &svc : late.model.services())
		known_late.insert(svc.handle);
	CHECK(count_args(late.model, "hold_child") == 2);
	CHECK(alive_at_join == known_late);
	bool named = false;
	for (auto &svc : late.model.services())
		named |= svc.name == ".child_a";
	CHECK(named);
}

// The last line of `path`, once it is there (the runtime writes it at exit).
static std::string last_line(const std::string &path)
{
	FILE *f = std::fopen(path.c_str(), "r");
	if (!f)
		return "";
	std::string last;
	char buf[4096];
	while (std::fgets(buf, sizeof buf, f))
		last = buf;
	std::fclose(f);
	return last;
}

static bool file_has(const std::string &path, const std::string &what)
{
	FILE *f = std::fopen(path.c_str(), "r");
	if (!f)
		return false;
	char buf[4096];
	bool found = false;
	while (!found && std::fgets(buf, sizeof buf, f))
		found = std::strstr(buf, what.c_str()) != nullptr;
	std::fclose(f);
	return found;
}

TEST_CASE("SIGINT and SIGTERM end the runtime with trace.stop as the trace's last line", "[viewer][signal]")
{
	for (int sig : {SIGTERM, SIGINT}) {
		std::string path = "/tmp/skyglass-signal-" + std::to_string(getpid()) + "-" + std::to_string(sig) + ".jsonl";
		std::remove(path.c_str());
		pid_t pid = fork();
		if (pid == 0) {
			setenv("SKYGLASS_TRACE", path.c_str(), 1);
			execl(SKYGLASS_BIN, SKYGLASS_BIN, "tests/viewer/live/config_stay.lua", static_cast<char *>(nullptr));
			_exit(127);
		}
		REQUIRE(pid > 0);
		// Running once hold's children are in the trace (the writer flushes as it goes).
		bool started = false;
		for (int i = 0; i < 1000 && !started; i++) {
			started = file_has(path, "hold_child");
			if (!started)
				std::this_thread::sleep_for(std::chrono::milliseconds(10));
		}
		kill(pid, sig);
		int status = 0;
		pid_t done = 0;
		for (int i = 0; i < 1000 && done == 0; i++) {
			done = waitpid(pid, &status, WNOHANG);
			if (done == 0)
				std::this_thread::sleep_for(std::chrono::milliseconds(10));
		}
		if (done == 0) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
		}
		REQUIRE(started);
		REQUIRE(done == pid);
		REQUIRE(WIFEXITED(status));   // it shut down, not killed by the signal
		CHECK(WEXITSTATUS(status) == 128 + sig);
		CHECK(last_line(path).find("\"trace.stop\"") != std::string::npos);
		std::remove(path.c_str());
	}
}
