// trace_source: the file loader thread and the live TCP client.
#include "trace/trace_source.h"

#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <algorithm>
#include <condition_variable>
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

// Reads a file into `model`: one block the size of the file, filled by read()
// in pieces of 8 MB on a second thread (FileFill below) while this one
// ingests the whole lines of each piece that has landed (under `mutex` when a
// viewer shares the model). One read per piece and no copy per line: fread's
// 1 MB buffer and the per-line copy into the model's text were 15% of a
// 151 MB load. Bad lines do not fail the load.
namespace {
// The reading half of a load, on its own thread. It buys the parse the
// read's time: the copy out of the page cache and the faults on the fresh
// block were 17% of a first load's CPU (1.7M-event gate trace, perf), now
// spent on the other core when it is free; and, a piece at a time, the
// faults of the event arrays (TraceModel::prefault_events). Costs a thread
// per load, a count of each piece's lines, and one wake per piece.
class FileFill {
public:
	FileFill(int fd, char *block, size_t size, const TraceModel &model, const std::atomic<bool> *stopping)
		: thread_(&FileFill::run, this, fd, block, size, std::cref(model), stopping) {}
	~FileFill() { thread_.join(); }
	// Blocks until more than `have` bytes have landed or the reading ended;
	// the bytes landed so far (the reader wrote them before it said so).
	size_t wait_past(size_t have, bool &ended)
	{
		std::unique_lock lock(mutex_);
		changed_.wait(lock, [&] { return landed_ > have || ended_; });
		ended = ended_;
		return landed_;
	}
	bool failed()
	{
		std::lock_guard lock(mutex_);
		return failed_;
	}

private:
	void run(int fd, char *block, size_t size, const TraceModel &model, const std::atomic<bool> *stopping)
	{
		size_t filled = 0, lines = 0;
		bool failed = false;
		while (filled < size && !(stopping && *stopping)) {
			ssize_t n = ::read(fd, block + filled, std::min<size_t>(size - filled, 8u << 20));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				failed = n < 0;   // 0: the file shrank since fstat; what was read is the trace
				break;
			}
			size_t piece_lines = size_t(std::count(block + filled, block + filled + n, '\n'));
			filled += size_t(n);
			{
				std::lock_guard lock(mutex_);
				landed_ = filled;
				changed_.notify_one();
			}
			// Then the pages this piece's events will need: the parser starts on
			// the piece at once, but this runs ahead of it, and of later pieces.
			model.prefault_events(lines, lines + piece_lines + 1);
			lines += piece_lines;
		}
		std::lock_guard lock(mutex_);
		failed_ = failed, ended_ = true;
		changed_.notify_one();
	}

	std::mutex mutex_;
	std::condition_variable changed_;
	size_t landed_ = 0;
	bool ended_ = false, failed_ = false;
	std::thread thread_;   // last: it starts once the fields above exist
};
} // namespace

static bool read_file_into(const std::string &path, TraceModel &model, std::string &error, std::mutex *mutex = nullptr,
	const std::atomic<bool> *stopping = nullptr, std::atomic<uint64_t> *done = nullptr,
	std::atomic<uint64_t> *total = nullptr, std::atomic<uint64_t> *version = nullptr)
{
	struct stat st;
	if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
		error = path + ": " + (S_ISDIR(st.st_mode) ? "is a directory" : "is not a regular file") + ", not a trace";
		return false;
	}
	int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
	if (fd < 0 || ::fstat(fd, &st) != 0) {
		error = path + ": " + std::strerror(errno);
		if (fd >= 0)
			::close(fd);
		return false;
	}
	size_t size = size_t(st.st_size);
	if (total)
		*total = size;
	char *block;
	{
		std::unique_lock<std::mutex> lock;
		if (mutex)
			lock = std::unique_lock(*mutex);
		block = model.file_block(size);
		model.reserve_for_bytes(size);
	}
	bool failed;
	{
		FileFill fill(fd, block, size, model, stopping);
		size_t ingested = 0;
		bool ended = false;
		while (!ended && !(stopping && *stopping)) {
			size_t landed = fill.wait_past(ingested, ended);
			// At most a piece per lock: a viewer's frame waits for this.
			while (ingested < landed && !(stopping && *stopping)) {
				ingested = std::min(landed, ingested + (8u << 20));
				std::unique_lock<std::mutex> lock;
				if (mutex)
					lock = std::unique_lock(*mutex);
				model.ingest_block(ingested);
			}
			if (done)
				*done = ingested;
			if (version)
				(*version)++;
		}
		failed = fill.failed();
	}
	::close(fd);
	{
		std::unique_lock<std::mutex> lock;
		if (mutex)
			lock = std::unique_lock(*mutex);
		model.finish();
	}
	if (failed) {
		error = path + ": read error";
		return false;
	}
	return true;
}

void TraceSource::load_file(std::string path)
{
	std::string error;
	bool ok = read_file_into(path, model, error, &mutex, &stopping_, &bytes_read_, &bytes_total_, &version_);
	version_++;
	if (!ok)
		set_status(State::Failed, error);
	else
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
	if (!read_file_into(path, model, error))
		return false;
	if (model.size() == 0 && model.bad_lines() > 0) {
		error = path + ": not a trace (no line is a trace event; " + model.first_error() + ")";
		return false;
	}
	return true;
}
