// trace_source: the file loader thread and the live TCP client.
#include "trace/trace_source.h"

#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <sys/stat.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

TraceSource::~TraceSource()
{
	stop();
}

const char *TraceSource::state_name(State s)
{
	switch (s) {
	case State::Idle: return "idle";
	case State::Loading: return "loading";
	case State::Loaded: return "loaded";
	case State::Connecting: return "connecting";
	case State::Live: return "live";
	case State::Disconnected: return "disconnected";
	case State::Failed: return "failed";
	}
	return "?";
}

void TraceSource::stop()
{
	stopping_ = true;
	if (thread_.joinable())
		thread_.join();
	stopping_ = false;
}

void TraceSource::set_status(State s, std::string text)
{
	std::lock_guard lock(status_mutex_);
	status_ = std::move(text);
	state_ = s;
}

std::string TraceSource::status() const
{
	std::lock_guard lock(status_mutex_);
	return status_;
}

float TraceSource::progress() const
{
	uint64_t total = bytes_total_.load();
	return total == 0 ? 1.0f : float(double(bytes_read_.load()) / double(total));
}

void TraceSource::open_file(const std::string &path)
{
	stop();
	{
		std::lock_guard lock(mutex);
		model = TraceModel();
	}
	bytes_read_ = 0, bytes_total_ = 0;
	set_status(State::Loading, path);
	thread_ = std::thread(&TraceSource::load_file, this, path);
}

void TraceSource::load_file(std::string path)
{
	FILE *f = std::fopen(path.c_str(), "rb");
	if (!f) {
		set_status(State::Failed, path + ": " + std::strerror(errno));
		return;
	}
	std::fseek(f, 0, SEEK_END);
	bytes_total_ = uint64_t(std::ftell(f));
	std::fseek(f, 0, SEEK_SET);
	{
		std::lock_guard lock(mutex);
		model.reserve_for_bytes(bytes_total_);
	}
	std::vector<char> buf(1 << 20);
	size_t n;
	while (!stopping_ && (n = std::fread(buf.data(), 1, buf.size(), f)) > 0) {
		{
			std::lock_guard lock(mutex);
			model.ingest_bytes(std::string_view(buf.data(), n));
		}
		bytes_read_ += n;
		version_++;
	}
	std::fclose(f);
	{
		std::lock_guard lock(mutex);
		model.finish();
	}
	version_++;
	set_status(State::Loaded, path);
}

bool parse_address(const std::string &address, std::string &host, int &port)
{
	size_t colon = address.rfind(':');
	if (colon == std::string::npos || colon + 1 == address.size())
		return false;
	host = address.substr(0, colon);
	char *end = nullptr;
	long p = std::strtol(address.c_str() + colon + 1, &end, 10);
	if (*end != '\0' || p <= 0 || p > 65535)
		return false;
	port = int(p);
	if (host.empty())
		host = "127.0.0.1";
	return true;
}

void TraceSource::connect(const std::string &address, int retry_ms, const std::string &record)
{
	stop();
	{
		std::lock_guard lock(mutex);
		model = TraceModel();
	}
	bytes_read_ = 0, bytes_total_ = 0;
	std::string host;
	int port = 0;
	if (!parse_address(address, host, port)) {
		set_status(State::Failed, "not host:port: " + address);
		return;
	}
	set_status(State::Connecting, address);
	thread_ = std::thread(&TraceSource::read_stream, this, host, port, retry_ms, record);
}

static int connect_once(const std::string &host, int port, std::string &error)
{
	addrinfo hints{}, *res = nullptr;
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	int rc = getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &res);
	if (rc != 0) {
		error = host + ": " + gai_strerror(rc);
		return -1;
	}
	int fd = -1;
	for (addrinfo *a = res; a; a = a->ai_next) {
		fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
		if (fd < 0)
			continue;
		if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0)
			break;
		error = host + ":" + std::to_string(port) + ": " + std::strerror(errno);
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	return fd;
}

void TraceSource::read_stream(std::string host, int port, int retry_ms, std::string record)
{
	FILE *out = record.empty() ? nullptr : std::fopen(record.c_str(), "wb");
	std::string where = host + ":" + std::to_string(port);
	std::string error;
	auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(retry_ms);
	int fd;
	while ((fd = connect_once(host, port, error)) < 0) {
		if (stopping_ || std::chrono::steady_clock::now() >= deadline) {
			set_status(State::Failed, error);
			if (out)
				std::fclose(out);
			return;
		}
		std::this_thread::sleep_for(std::chrono::milliseconds(100));
	}
	set_status(State::Live, where);
	std::vector<char> buf(1 << 16);
	// poll with a timeout so that stop() is noticed within a tenth of a second.
	while (!stopping_) {
		pollfd p{fd, POLLIN, 0};
		int r = poll(&p, 1, 100);
		if (r < 0 && errno != EINTR)
			break;
		if (r <= 0)
			continue;
		ssize_t n = recv(fd, buf.data(), buf.size(), 0);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			break;
		{
			std::lock_guard lock(mutex);
			model.ingest_bytes(std::string_view(buf.data(), size_t(n)));
		}
		if (out)
			std::fwrite(buf.data(), 1, size_t(n), out);
		bytes_read_ += uint64_t(n);
		version_++;
	}
	close(fd);
	if (out)
		std::fclose(out);
	{
		std::lock_guard lock(mutex);
		model.finish();
	}
	version_++;
	set_status(State::Disconnected, where);
}

bool load_trace_file(const std::string &path, TraceModel &model, std::string &error)
{
	struct stat st;
	if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
		error = path + ": " + (S_ISDIR(st.st_mode) ? "is a directory" : "is not a regular file") + ", not a trace";
		return false;
	}
	FILE *f = std::fopen(path.c_str(), "rb");
	if (!f) {
		error = path + ": " + std::strerror(errno);
		return false;
	}
	if (std::fseek(f, 0, SEEK_END) == 0) {
		long size = std::ftell(f);
		if (size > 0)
			model.reserve_for_bytes(uint64_t(size));
		std::fseek(f, 0, SEEK_SET);
	}
	std::vector<char> buf(1 << 20);
	size_t n;
	while ((n = std::fread(buf.data(), 1, buf.size(), f)) > 0)
		model.ingest_bytes(std::string_view(buf.data(), n));
	bool failed = std::ferror(f) != 0;
	std::fclose(f);
	model.finish();
	if (failed) {
		error = path + ": read error";
		return false;
	}
	if (model.size() == 0 && model.bad_lines() > 0) {
		error = path + ": not a trace (no line is a trace event; " + model.first_error() + ")";
		return false;
	}
	return true;
}
