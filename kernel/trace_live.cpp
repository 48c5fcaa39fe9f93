// trace_live: the live TCP sink: streams trace lines to a bounded number of viewers on a port.
//
// The trace writer thread only copies each chunk of lines into every
// viewer's buffer under a lock, or counts the lines as dropped when that
// buffer is full: a slow viewer costs it a copy into a bounded buffer and
// nothing more, and no worker ever waits on a viewer. The sink's own thread
// accepts, sends and notices at once a viewer that went away (poll() on every
// fd), so a closed viewer's fd is released whether or not events are flowing.
#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <memory>
#include <mutex>
#include <netinet/in.h>
#include <poll.h>
#include <string>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include "kernel/skynet.h"
#include "kernel/trace.h"
#include "kernel/trace_sink.h"
#include "kernel/trace_state.h"

namespace ts = trace_schema;

// At most this many viewers at once; more are accepted and closed at once.
static constexpr size_t MAX_VIEWERS = 8;
// Bytes a viewer may have waiting (queued and being sent); past it, its
// lines are dropped and counted, and it gets a trace.drop line when it has
// room again.
static constexpr size_t VIEWER_BUFFER_CAP = 2 << 20;

static std::atomic<int> live_port{0};
int trace_live_port() { return live_port.load(); }

struct viewer {
	int fd;
	std::string queued;          // appended by the writer thread (under the lock)
	std::string out;             // being sent by the sink thread (no lock)
	size_t sent = 0;             // bytes of `out` already sent
	std::atomic<size_t> out_left{0};
	uint64_t dropped = 0;        // lines lost since the last trace.drop
};

struct live_sink : trace_sink {
	int listen_fd = -1;
	int wake_fd = -1;
	std::thread io;
	std::atomic<bool> stop{false};

	std::mutex lock; // guards everything below
	std::condition_variable joined;
	bool streaming = false; // the first lines (trace.start) have gone out
	std::vector<std::unique_ptr<viewer>> viewers;
	// What a late viewer needs first: the live services and their names, and
	// the calls still waiting for an answer, as the lines that announced them.
	std::map<uint32_t, std::string> services;                           // handle -> svc.new (+ svc.name)
	std::map<std::pair<uint32_t, int64_t>, std::string> pending_calls; // (h, co) -> co.suspend

	// What the records of the chunk being written change in that state.
	// They are applied in write(), with the chunk, so that a viewer joining
	// between two chunks gets each line exactly once.
	struct change {
		ts::kind kind;
		uint32_t h;
		int64_t co;
		std::string line;
	};
	std::vector<change> changes; // writer thread only

	live_sink() { notes = true; }

	~live_sink() override
	{
		stop.store(true);
		wake();
		if (io.joinable())
			io.join();
		for (auto &v : viewers)
			close(v->fd);
		if (listen_fd >= 0)
			close(listen_fd);
		if (wake_fd >= 0)
			close(wake_fd);
	}

	void wake()
	{
		uint64_t one = 1;
		if (::write(wake_fd, &one, sizeof(one)) < 0) {
			// The counter is already non-zero: the thread will wake anyway.
		}
	}

	void note(const trace_record &r, const char *line, size_t len) override
	{
		switch (r.kind) {
		case ts::kind::svc_new:
			changes.push_back({r.kind, r.svc_new.h, 0, std::string(line, len)});
			break;
		case ts::kind::svc_name:
			changes.push_back({r.kind, r.svc_name.h, 0, std::string(line, len)});
			break;
		case ts::kind::node: // a late viewer learns which node this is, with clusterd's lines
			changes.push_back({r.kind, r.node.h, 0, std::string(line, len)});
			break;
		case ts::kind::svc_exit:
			changes.push_back({r.kind, r.svc_exit.h, 0, {}});
			break;
		case ts::kind::co_suspend:
			if (r.co_suspend.why == ts::co_why::call)
				changes.push_back({r.kind, r.co_suspend.h, r.co_suspend.co, std::string(line, len)});
			break;
		case ts::kind::co_resume:
			changes.push_back({r.kind, r.co_resume.h, r.co_resume.co, {}});
			break;
		case ts::kind::co_exit:
			changes.push_back({r.kind, r.co_exit.h, r.co_exit.co, {}});
			break;
		default:
			break;
		}
	}

	// Under the lock.
	void apply_changes()
	{
		for (auto &c : changes) {
			switch (c.kind) {
			case ts::kind::svc_new:
			case ts::kind::svc_name:
			case ts::kind::node:
				services[c.h] += c.line;
				break;
			case ts::kind::svc_exit:
				services.erase(c.h);
				pending_calls.erase(pending_calls.lower_bound({c.h, INT64_MIN}),
					pending_calls.upper_bound({c.h, INT64_MAX}));
				break;
			case ts::kind::co_suspend:
				pending_calls[{c.h, c.co}] = std::move(c.line);
				break;
			default: // co.resume, co.exit: the call is answered
				pending_calls.erase({c.h, c.co});
				break;
			}
		}
		changes.clear();
	}

	void write(std::string_view lines) override
	{
		{
			std::lock_guard g(lock);
			streaming = true;
			apply_changes();
			for (auto &vp : viewers) {
				viewer &v = *vp;
				if (v.queued.size() + v.out_left.load(std::memory_order_relaxed) + lines.size() > VIEWER_BUFFER_CAP) {
					for (char ch : lines)
						v.dropped += ch == '\n';
					continue;
				}
				if (v.dropped) {
					trace_record drop;
					drop.t = trace_clock();
					drop.kind = ts::kind::trace_drop;
					drop.trace_drop.count = (int64_t)v.dropped;
					trace_format(drop, v.queued);
					v.dropped = 0;
				}
				v.queued += lines;
			}
		}
		wake();
	}

	// --- the sink's thread ---

	// Out of fds (EMFILE, ENFILE): the connection stays in the backlog, and
	// poll() would call the listener readable at once, again and again: a
	// core at 100% while the process had no fd left (attack round 5). The
	// listener is left out of poll until this time; the connection waits.
	std::chrono::steady_clock::time_point accept_resume{};

	void accept_new()
	{
		for (;;) {
			int fd = accept4(listen_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
			if (fd < 0) {
				if (errno == EMFILE || errno == ENFILE)
					accept_resume = std::chrono::steady_clock::now() + std::chrono::milliseconds(200);
				return;
			}
			std::lock_guard g(lock);
			if (viewers.size() >= MAX_VIEWERS) {
				close(fd); // refused: the viewer sees the connection end at once
				continue;
			}
			auto v = std::make_unique<viewer>();
			v->fd = fd;
			// A viewer that is here before the first line gets the real
			// trace.start with everyone else; a late one gets its own, and
			// the state it missed.
			if (streaming) {
				trace_format(trace_start_record(true), v->queued);
				for (auto &s : services)
					v->queued += s.second;
				for (auto &c : pending_calls)
					v->queued += c.second;
			}
			viewers.push_back(std::move(v));
			joined.notify_all();
		}
	}

	// Send what the viewer has; false when it is gone.
	bool pump(viewer &v)
	{
		for (;;) {
			if (v.sent == v.out.size()) {
				v.out.clear();
				v.sent = 0;
				std::lock_guard g(lock);
				v.out.swap(v.queued);
				v.out_left.store(v.out.size(), std::memory_order_relaxed);
				if (v.out.empty())
					return true;
			}
			ssize_t n = send(v.fd, v.out.data() + v.sent, v.out.size() - v.sent, MSG_NOSIGNAL);
			if (n > 0) {
				v.sent += (size_t)n;
				v.out_left.store(v.out.size() - v.sent, std::memory_order_relaxed);
				continue;
			}
			return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR);
		}
	}

	// A viewer sends nothing: readable means it closed (or sent junk, which is dropped).
	// At most 64 KiB of junk a round: drained to the end, three local clients
	// streaming junk held this thread in the loop, and a viewer beside them got
	// 64 KiB of trace in 3 s instead of 10 MB (attack round 3, docs/lua-api.md).
	static bool still_open(int fd)
	{
		char scratch[4096];
		for (int i = 0; i < 16; i++) {
			ssize_t n = recv(fd, scratch, sizeof(scratch), MSG_DONTWAIT);
			if (n > 0)
				continue;
			return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR);
		}
		return true;
	}

	void run()
	{
		std::vector<pollfd> fds;
		std::vector<viewer *> who;
		while (!stop.load()) {
			fds.clear();
			who.clear();
			fds.push_back({wake_fd, POLLIN, 0});
			bool accepting = std::chrono::steady_clock::now() >= accept_resume;
			fds.push_back({listen_fd, short(accepting ? POLLIN : 0), 0});
			{
				std::lock_guard g(lock);
				for (auto &v : viewers) {
					bool waiting = v->sent < v->out.size() || !v->queued.empty();
					fds.push_back({v->fd, short(POLLIN | (waiting ? POLLOUT : 0)), 0});
					who.push_back(v.get());
				}
			}
			if (poll(fds.data(), fds.size(), 200) < 0 && errno != EINTR)
				break;
			if (fds[0].revents) {
				uint64_t n;
				if (read(wake_fd, &n, sizeof(n)) < 0) {
					// EAGAIN: another wake already consumed it.
				}
			}
			if (fds[1].revents & POLLIN)
				accept_new();
			std::vector<viewer *> gone;
			for (size_t i = 0; i < who.size(); i++) {
				short re = fds[i + 2].revents;
				bool ok = true;
				if (re & (POLLERR | POLLHUP | POLLIN))
					ok = still_open(who[i]->fd) && !(re & POLLERR);
				if (ok)
					ok = pump(*who[i]);
				if (!ok)
					gone.push_back(who[i]);
			}
			if (!gone.empty()) {
				std::lock_guard g(lock);
				for (viewer *v : gone) {
					close(v->fd);
					for (size_t k = 0; k < viewers.size(); k++)
						if (viewers[k].get() == v) {
							viewers.erase(viewers.begin() + (long)k);
							break;
						}
				}
			}
		}
	}

	void flush() override {}
};

std::unique_ptr<trace_sink> trace_sink_live(const char *host, int port, std::string &error)
{
	// Loopback unless the config names an address: a trace shows everything
	// a program does, and should not be on the network by accident.
	const char *bind_host = (host && host[0]) ? host : "127.0.0.1";
	if (port < 0 || port > 65535) {
		error = std::string("trace: port ") + std::to_string(port) + " in '" + bind_host + ":" +
			std::to_string(port) + "' is not from 0 to 65535";
		return nullptr;
	}
	sockaddr_in addr{};
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, bind_host, &addr.sin_addr) != 1) {
		error = std::string("trace: cannot listen on '") + bind_host + ":" + std::to_string(port) +
			"': not an IPv4 address";
		return nullptr;
	}
	auto sink = std::make_unique<live_sink>();
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (sockaddr *)&addr, sizeof(addr)) != 0 || listen(fd, 64) != 0) {
		error = std::string("trace: cannot listen on ") + bind_host + ":" + std::to_string(port) + ": " +
			strerror(errno);
		close(fd);
		return nullptr;
	}
	socklen_t len = sizeof(addr);
	getsockname(fd, (sockaddr *)&addr, &len);
	live_port.store(ntohs(addr.sin_port));
	sink->listen_fd = fd;
	sink->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	live_sink *s = sink.get();
	sink->io = std::thread([s] { s->run(); });
	// trace_wait = N (or SKYGLASS_TRACE_WAIT, which `skyglass-view --run`
	// sets): hold start-up until N viewers are connected, so that they see
	// the program from its first event. Bounded, so a missing viewer only
	// delays the start by ten seconds.
	const char *wait = getenv("SKYGLASS_TRACE_WAIT");
	if (wait == nullptr)
		wait = skynet_getenv("trace_wait");
	size_t want = wait ? (size_t)atoi(wait) : 0;
	if (want > MAX_VIEWERS)
		want = MAX_VIEWERS;
	std::unique_lock g(s->lock);
	s->joined.wait_for(g, std::chrono::seconds(10), [&] { return s->viewers.size() >= want; });
	return sink;
}
