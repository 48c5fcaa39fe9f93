// trace_file_sink: the trace file, written in whole blocks by a thread of its own, through the page cache (or past it, O_DIRECT, when asked).
//
// What it buys: a traced one-way message is ~300 bytes of file, and written
// through the page cache every byte lands in a page the kernel has just
// taken from free memory. On this VM (its balloon hands free memory back to
// the host) that copy was at times the largest single cost of tracing: 69%
// of the trace writer's CPU samples in a 1M-send run were
// `copy_folio_from_iter_atomic` (perf), and 375 MiB written with 1 MiB
// write()s took 0.15-1.48 s of system time (recycled or fresh pages) against
// 0.03-0.04 s with O_DIRECT (docs/benchmarks.md "trace cost, fifth round").
// The blocks are written by a disk thread, so the trace writer goes on
// formatting while the kernel copies; through the page cache they are
// written uncached (RWF_DONTCACHE, see write_blocks), so the copy lands in
// recycled pages, not fresh ones.
//
// O_DIRECT is not the default: while an O_DIRECT write extends the file, a
// reader can find the new blocks still zeros (ext4; test_trace_file_sink saw
// it in 13 of 30 runs), and `skyglass trace steps --follow` and the live
// viewer read the file as it grows. SKYGLASS_TRACE_DIRECT=1 (a trace nobody
// follows) lets the disk thread time both ways (one thread CPU clock read
// per MiB) and write the cheaper: 0.28-0.36 ns a byte through a warm page
// cache against 0.26-1.05 ns past it.
//
// What it costs: one copy of the lines into the blocks (~0.02 us a message)
// and a thread that sleeps on the disk. SKYGLASS_TRACE_BUFFERED=1 writes
// from the trace writer itself, as before the disk thread. Anything that is
// not a regular file gets plain write()s.
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <mutex>
#include <string>
#include <sys/stat.h>
#include <thread>
#include <sys/uio.h>
#include <unistd.h>

#include "kernel/trace_sink.h"

namespace {

// O_DIRECT wants the buffer, the offset and the length aligned; 4096 covers
// the logical block of every disk we run on.
constexpr size_t BLOCK = 4096;
// A block run is handed to the disk thread once this much is held.
constexpr size_t WRITE_AT = size_t(1) << 20;
constexpr size_t CAPACITY = 2 * WRITE_AT + 2 * BLOCK;
// Buffers: one being filled, the others on their way to the disk.
constexpr int BUFFERS = 3;

// pwrite()s all of [p, p + n) at `at`; false on an error.
bool pwrite_all(int fd, const char *p, size_t n, uint64_t at)
{
	while (n > 0) {
		ssize_t k = pwrite(fd, p, n, off_t(at));
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return false;
		p += k, n -= size_t(k), at += uint64_t(k);
	}
	return true;
}

struct file_sink : trace_sink {
	int fd;
	bool direct;                   // blocks by the disk thread; else plain write()s
	char *buf[BUFFERS] = {};
	int cur = 0;                   // buf[cur] holds file bytes [at, at + len), `at` a multiple of BLOCK
	uint64_t at = 0;
	size_t len = 0;
	size_t padded_len = 0;         // flush already wrote buf[cur]'s first padded_len bytes (0: none)

	// The disk thread's work: one run of blocks at a time, in order.
	std::mutex lock;
	std::condition_variable changed;
	bool busy[BUFFERS] = {};       // handed to the disk thread, not yet written
	int job = -1;                  // the buffer to write next (-1: none)
	uint64_t job_at = 0;
	size_t job_len = 0;
	bool stopping = false;
	std::thread disk;

	// A write that failed (a full disk, /dev/full, a pipe whose reader left)
	// loses the rest of the trace while the run goes on; it was silent, and
	// the run exited 0 with a truncated trace. Now one line on stderr says so.
	std::string path;
	std::atomic<bool> lost{false};
	bool written(bool ok)
	{
		if (!ok && !lost.exchange(true))
			fprintf(stderr, "trace: writing '%s' failed: %s; the rest of the trace is lost\n", path.c_str(),
				strerror(errno));
		return ok;
	}

	// threaded: blocks by the disk thread; may_direct: the descriptor has
	// O_DIRECT set, and the disk thread may keep using it.
	file_sink(int f, bool threaded, bool may_direct, const char *name) : fd(f), direct(threaded),
		path(name), direct_now(may_direct), direct_ok(may_direct)
	{
		for (auto &b : buf)
			if (direct && posix_memalign(reinterpret_cast<void **>(&b), BLOCK, CAPACITY) != 0)
				direct = false;
		if (direct)
			disk = std::thread([this] { disk_main(); });
		else
			without_direct();
	}

	~file_sink() override
	{
		flush();
		if (disk.joinable()) {
			{
				std::lock_guard g(lock);
				stopping = true;
			}
			changed.notify_all();
			disk.join();
		}
		struct stat st;
		if (allocated > 0 && fstat(fd, &st) == 0)
			(void)!ftruncate(fd, st.st_size); // frees the blocks allocated past the end
		for (auto *b : buf)
			free(b);
		close(fd);
	}

	// O_DIRECT on or off for the writes that follow (the disk thread's and
	// flush's, never at the same time).
	bool direct_now;          // the descriptor's flag
	bool direct_ok;           // O_DIRECT asked for and not refused yet
	void set_direct(bool on)
	{
		if (on == direct_now)
			return;
		int flags = fcntl(fd, F_GETFL);
		if (flags >= 0 && fcntl(fd, F_SETFL, on ? flags | O_DIRECT : flags & ~O_DIRECT) == 0)
			direct_now = on;
		else if (on)
			direct_ok = false;
	}

	// O_DIRECT refused (an odd alignment, a file system that takes the
	// flag and fails the write): the same bytes, and all that follow,
	// through the page cache.
	void without_direct()
	{
		direct_ok = false;
		set_direct(false);
	}

	// Through the page cache, the disk thread's blocks are written with
	// RWF_DONTCACHE (Linux 6.14+): the kernel starts their writeback at once
	// and drops the pages when it is done, so the next blocks land in pages
	// just freed rather than in fresh ones. What it buys: fresh pages are
	// what makes the page cache dear on this VM (its balloon reports free
	// memory to the host, and a reported page faults on the host when next
	// touched). 3M traced sends (1 GB of trace), the same build with and
	// without, 3 alternating pairs: 0.86-1.27 s of system time against
	// 2.46-3.31 s, 452-568k sends/s against 229-327k (docs/benchmarks.md
	// "trace on the C steps"). What it costs: the trace goes to the disk as it is written
	// (a disk slower than the trace throttles it, as a full page cache
	// would later), and a reader following the file reads the blocks back
	// from the disk. A kernel or file system without it: plain pwrite()s.
	bool dontcache = true;
	static constexpr int RWF_DONTCACHE_FLAG = 0x80; // RWF_DONTCACHE, not in every libc's headers yet
	bool pwrite_dontcache(const char *p, size_t n, uint64_t off)
	{
		while (n > 0 && dontcache) {
			iovec v{const_cast<char *>(p), n};
			ssize_t k = pwritev2(fd, &v, 1, off_t(off), RWF_DONTCACHE_FLAG);
			if (k < 0 && errno == EINTR)
				continue;
			if (k < 0 && (errno == EOPNOTSUPP || errno == EINVAL))
				dontcache = false; // the rest as plain pwrite()s, below
			else if (k <= 0)
				return false;
			else
				p += k, n -= size_t(k), off += uint64_t(k);
		}
		return pwrite_all(fd, p, n, off);
	}

	void write_blocks(const char *p, size_t n, uint64_t off)
	{
		if (!direct_now) {
			written(pwrite_dontcache(p, n, off)); // failed: the rest of the trace is lost, the run goes on
			return;
		}
		if (!pwrite_all(fd, p, n, off) && direct_now) {
			without_direct();
			written(pwrite_all(fd, p, n, off));
		}
	}

	// Which way is cheaper moves with the machine's memory (see the top of
	// this file): through a page cache that reuses warm pages a MiB costs
	// ~0.4 ms of CPU here, ~4 ms when its pages are fresh from the host,
	// and ~0.1-0.3 ms with O_DIRECT, which pays a pin of the pages and a
	// device kick instead. So the disk thread times its own CPU over each
	// write (one clock_gettime of the thread's CPU per MiB) and writes the
	// next ones the way that cost less per byte; every PROBE-th write tries
	// the other way, so a change of the machine's state is seen.
	static constexpr int PROBE = 16;
	double cost[2] = {-1, -1};    // CPU ns per byte, buffered [0] and O_DIRECT [1] (-1: not timed yet)
	int writes = 0;

	static uint64_t thread_cpu_ns()
	{
		timespec ts;
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
		return uint64_t(ts.tv_sec) * 1000000000u + uint64_t(ts.tv_nsec);
	}

	bool pick_direct()
	{
		if (!direct_ok)
			return false;
		if (cost[0] < 0 || cost[1] < 0)
			return cost[1] < 0; // time each way once, O_DIRECT first
		bool cheaper = cost[1] <= cost[0];
		return writes % PROBE == 0 ? !cheaper : cheaper;
	}

	void timed_write(const char *p, size_t n, uint64_t off)
	{
		set_direct(pick_direct());
		bool was_direct = direct_now;
		uint64_t from = thread_cpu_ns();
		write_blocks(p, n, off);
		cost[was_direct] = double(thread_cpu_ns() - from) / double(n);
		writes++;
	}

	// The disk thread allocates the file's blocks ahead of its writes,
	// 64 MiB at a time, past the end (FALLOC_FL_KEEP_SIZE: the size, and so
	// what a reader following the file sees, still grows only with the
	// writes). What it buys: ext4 then maps each page written to a block it
	// already has, where a delayed allocation reserved space, inserted a
	// delayed extent and charged the quota page by page (~30% of the disk
	// thread's samples in a 1M-send run, perf). 375 MiB in 1 MiB writes:
	// 0.09-0.11 s of the writing thread's CPU against 0.15-0.18 s, 750 MiB
	// 0.24-0.30 against 0.30-0.34, kernel workers alike (docs/benchmarks.md
	// "trace writer's copy and blocks"). What it costs: blocks past the end
	// until the sink closes (then freed by a truncate to the size), up to 64
	// MiB left allocated if the process dies; a file system without
	// fallocate: none of it.
	static constexpr uint64_t ALLOCATE_AHEAD = uint64_t(64) << 20;
	uint64_t allocated = 0; // bytes [0, allocated) have blocks
	bool may_allocate = true;
	void allocate_to(uint64_t end)
	{
		if (!may_allocate || end <= allocated)
			return;
		uint64_t to = end + ALLOCATE_AHEAD;
		if (fallocate(fd, FALLOC_FL_KEEP_SIZE, off_t(allocated), off_t(to - allocated)) == 0)
			allocated = to;
		else
			may_allocate = false; // not supported, or a full disk: the writes say
	}

	void disk_main()
	{
		std::unique_lock g(lock);
		for (;;) {
			changed.wait(g, [this] { return job >= 0 || stopping; });
			if (job < 0)
				return;
			int b = job;
			uint64_t off = job_at;
			size_t n = job_len;
			g.unlock();
			allocate_to(off + n);
			timed_write(buf[b], n, off);
			g.lock();
			job = -1;
			busy[b] = false;
			changed.notify_all();
		}
	}

	// Hands the whole blocks held to the disk thread; the partial last one
	// moves to the next buffer, which the writer fills on.
	void hand_over()
	{
		size_t whole = len - len % BLOCK;
		if (whole == 0)
			return;
		std::unique_lock g(lock);
		int next = (cur + 1) % BUFFERS;
		changed.wait(g, [&] { return job < 0 && !busy[next]; });
		memcpy(buf[next], buf[cur] + whole, len - whole);
		busy[cur] = true;
		job = cur, job_at = at, job_len = whole;
		g.unlock();
		changed.notify_all();
		cur = next;
		at += whole;
		len -= whole;
		padded_len = 0;
	}

	void write_plain(const char *p, size_t n)
	{
		while (n > 0) {
			ssize_t k = ::write(fd, p, n);
			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0) {
				written(false); // the rest of the trace is lost, the run goes on
				return;
			}
			p += k, n -= size_t(k);
		}
	}

	void write(std::string_view lines) override
	{
		if (!direct) {
			write_plain(lines.data(), lines.size());
			return;
		}
		const char *p = lines.data();
		size_t n = lines.size();
		while (n > 0) {
			size_t k = CAPACITY - len < n ? CAPACITY - len : n;
			memcpy(buf[cur] + len, p, k);
			len += k, p += k, n -= k;
			if (len >= WRITE_AT)
				hand_over();
		}
	}

	// The trace writer formats its lines straight into the buffer being
	// filled (trace_sink::lend). What it buys: the copy of every byte of the
	// trace from the writer's chunk into the blocks, ~330 bytes a traced
	// one-way send (callgrind counts its `rep movsb` as ~336 instructions a
	// send, ~22% of the writer's; perf put it at 213 of the writer's 1,205
	// samples in 1M traced sends, ~0.02 us a message), and the writer's own
	// 1 MiB chunk streaming through the cache beside the blocks: writer
	// 1,508 -> 1,130 instructions a send, 3,502 -> 2,756 a call
	// (docs/benchmarks.md "trace writer's copy and blocks"). What it
	// costs: the writer must make room for a line before formatting it
	// (trace_line_room); a line longer than a buffer's room (a huge log
	// text) still goes through write().
	char *lend(size_t &room, size_t &enough) override
	{
		if (!direct)
			return nullptr;
		room = CAPACITY - len;
		enough = WRITE_AT - len; // len < WRITE_AT: filled() hands over past it
		return buf[cur] + len;
	}

	void filled(size_t n) override
	{
		len += n;
		if (len >= WRITE_AT)
			hand_over();
	}

	// The writer has nothing to do: once the disk thread is done, the
	// partial last block goes to disk too, so a reader of the file while the
	// program runs (the live viewer, `make run`) sees every line recorded so
	// far. It goes through the page cache, exactly its bytes: padded to a
	// block for O_DIRECT, the file would for a moment end in zeros past the
	// last line, and a reader that saw that end would skip what is written
	// there next. The block is written again, fuller, next time (O_DIRECT then
	// drops the cached copy of those pages).
	void flush() override
	{
		if (!direct || len == padded_len)
			return;
		hand_over();
		{
			std::unique_lock g(lock);
			changed.wait(g, [this] { return job < 0; });
		}
		if (len == 0) {
			padded_len = 0;
			return;
		}
		set_direct(false);
		written(pwrite_all(fd, buf[cur], len, at));
		padded_len = len;
	}
};

} // namespace

std::unique_ptr<trace_sink> trace_sink_file(const char *path, std::string &error)
{
	// Create the directory part, as `mkdir -p` would (EEXIST is fine; a real
	// failure shows at open).
	std::string dir(path);
	size_t slash = dir.rfind('/');
	if (slash != std::string::npos && slash > 0) {
		dir.resize(slash);
		for (size_t i = 1; i <= dir.size(); i++)
			if (i == dir.size() || dir[i] == '/')
				mkdir(dir.substr(0, i).c_str(), 0755);
	}
	const char *buffered = getenv("SKYGLASS_TRACE_BUFFERED");
	const char *past_cache = getenv("SKYGLASS_TRACE_DIRECT");
	bool threaded = buffered == nullptr || strcmp(buffered, "1") != 0;
	bool direct = threaded && past_cache != nullptr && strcmp(past_cache, "1") == 0;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		error = std::string("trace: cannot write '") + path + "': " + strerror(errno);
		return nullptr;
	}
	struct stat st;
	threaded = threaded && fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
	direct = direct && threaded;
	if (direct) {
		int flags = fcntl(fd, F_GETFL);
		direct = flags >= 0 && fcntl(fd, F_SETFL, flags | O_DIRECT) == 0;
	}
	return std::make_unique<file_sink>(fd, threaded, direct, path);
}
