// trace_live: the live TCP sink: streams trace lines to any number of viewers on a port.
//
// Everything runs on the trace writer thread: accept, send and bookkeeping
// happen inside write() and flush(), which that thread calls at least every
// millisecond. Sockets are non-blocking, so a slow viewer can only fill its
// own buffer; past a cap its events are dropped and counted, and it is told
// with a `trace.drop` line when it catches up. No worker ever waits on a viewer.
#include <arpa/inet.h>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <netinet/in.h>
#include <poll.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

#include "kernel/skynet.h"
#include "kernel/trace.h"
#include "kernel/trace_sink.h"
#include "kernel/trace_state.h"

static constexpr size_t VIEWER_BUFFER_CAP = 16 << 20;

struct viewer {
	int fd;
	std::string pending;   // bytes not yet accepted by the socket
	uint64_t dropped = 0;  // events lost since the last trace.drop line
};

struct live_sink : trace_sink {
	int listen_fd = -1;
	bool streaming = false; // the first lines (trace.start) have gone out
	std::vector<viewer> viewers;
	// What a late viewer needs first: the live services and their names, and
	// the calls still waiting for an answer, as the lines that announced them.
	std::map<uint32_t, std::string> services; // handle -> svc.new (+ svc.name) lines
	std::map<std::pair<uint32_t, int64_t>, std::string> pending_calls; // (h, co) -> co.suspend line

	live_sink() { notes = true; }

	~live_sink() override
	{
		for (auto &v : viewers)
			close(v.fd);
		if (listen_fd >= 0)
			close(listen_fd);
	}

	// What the records of the chunk being written change in that state.
	// They are applied in write(), after the viewers that join with this
	// chunk have had their snapshot, so that nobody gets a line twice.
	struct change {
		trace_schema::kind kind;
		uint32_t h;
		int64_t co;
		std::string line;
	};
	std::vector<change> changes;

	void note(const trace_record &r, const char *line, size_t len) override
	{
		namespace ts = trace_schema;
		switch (r.kind) {
		case ts::kind::svc_new:
			changes.push_back({r.kind, r.svc_new.h, 0, std::string(line, len)});
			break;
		case ts::kind::svc_name:
			changes.push_back({r.kind, r.svc_name.h, 0, std::string(line, len)});
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

	void apply_changes()
	{
		namespace ts = trace_schema;
		for (auto &c : changes) {
			switch (c.kind) {
			case ts::kind::svc_new:
			case ts::kind::svc_name:
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

	void accept_new()
	{
		for (;;) {
			int fd = accept4(listen_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
			if (fd < 0)
				return;
			viewer v{fd, {}, 0};
			// A viewer that is here before the first line gets the real
			// trace.start with everyone else; a late one gets its own, and
			// the state it missed.
			if (streaming) {
				trace_format(trace_start_record(true), v.pending);
				for (auto &s : services)
					v.pending += s.second;
				for (auto &c : pending_calls)
					v.pending += c.second;
			}
			viewers.push_back(std::move(v));
		}
	}

	// Send what each viewer has pending; forget viewers that went away.
	void pump()
	{
		for (size_t i = 0; i < viewers.size();) {
			viewer &v = viewers[i];
			bool gone = false;
			while (!v.pending.empty()) {
				ssize_t n = send(v.fd, v.pending.data(), v.pending.size(), MSG_NOSIGNAL);
				if (n > 0) {
					v.pending.erase(0, (size_t)n);
				} else {
					gone = !(n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR));
					break;
				}
			}
			if (gone) {
				close(v.fd);
				viewers.erase(viewers.begin() + (long)i);
			} else {
				i++;
			}
		}
	}

	void write(const std::string &lines) override
	{
		accept_new();
		streaming = true;
		apply_changes();
		for (auto &v : viewers) {
			if (v.pending.size() + lines.size() > VIEWER_BUFFER_CAP) {
				for (char ch : lines)
					v.dropped += ch == '\n';
				continue;
			}
			if (v.dropped) {
				trace_record drop;
				drop.t = trace_clock();
				drop.kind = trace_schema::kind::trace_drop;
				drop.trace_drop.count = (int64_t)v.dropped;
				trace_format(drop, v.pending);
				v.dropped = 0;
			}
			v.pending += lines;
		}
		pump();
	}

	void flush() override
	{
		accept_new();
		pump();
	}
};

std::unique_ptr<trace_sink> trace_sink_live(const char *host, int port, std::string &error)
{
	auto sink = std::make_unique<live_sink>();
	// Loopback unless the config names an address: a trace shows everything
	// a program does, and should not be on the network by accident.
	const char *bind_host = (host && host[0]) ? host : "127.0.0.1";
	sockaddr_in addr{};
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, bind_host, &addr.sin_addr) != 1) {
		error = std::string("trace: cannot listen on '") + bind_host + ":" + std::to_string(port) +
			"': not an IPv4 address";
		return nullptr;
	}
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (sockaddr *)&addr, sizeof(addr)) != 0 || listen(fd, 16) != 0) {
		error = std::string("trace: cannot listen on ") + bind_host + ":" + std::to_string(port) + ": " +
			strerror(errno);
		close(fd);
		return nullptr;
	}
	sink->listen_fd = fd;
	// trace_wait = N (or SKYGLASS_TRACE_WAIT, which `skyglass-view --run`
	// sets): hold start-up until N viewers are connected, so that they see
	// the program from its first event. Bounded, so a missing viewer only
	// delays the start by ten seconds.
	const char *wait = getenv("SKYGLASS_TRACE_WAIT");
	if (wait == nullptr)
		wait = skynet_getenv("trace_wait");
	size_t want = wait ? (size_t)atoi(wait) : 0;
	for (int i = 0; i < 1000 && sink->viewers.size() < want; i++) {
		pollfd p{fd, POLLIN, 0};
		poll(&p, 1, 10);
		sink->accept_new();
	}
	return sink;
}
