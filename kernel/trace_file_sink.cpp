// trace_file_sink: the trace file, written in whole aligned blocks with O_DIRECT, past the page cache.
//
// What it buys: a traced one-way message is ~300 bytes of file, and written
// through the page cache every byte lands in a page the kernel has just
// taken from free memory. On this VM (its balloon hands free memory back to
// the host) that copy was the largest single cost of tracing: 69% of the
// trace writer's CPU samples in a 1M-send run were
// `copy_folio_from_iter_atomic` (perf), and 375 MiB written with 1 MiB
// write()s took 0.15-1.48 s of system time (recycled or fresh pages) against
// 0.03-0.04 s with O_DIRECT, at 0.9-1.4 GB/s (docs/benchmarks.md "trace
// cost, fifth round"). What it costs: the writer thread waits for the disk
// (~1 ms a MiB here; the rings hold ~4 ms of a busy run), so a disk slower
// than the trace (~0.5 GB/s at 1.5M traced sends/s) slows the run where the
// page cache would have absorbed it: SKYGLASS_TRACE_BUFFERED=1 writes
// through the page cache as before. Anything that is not a regular file, or
// a file system that refuses O_DIRECT, gets plain write()s.
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kernel/trace_sink.h"

namespace {

// O_DIRECT wants the buffer, the offset and the length aligned; 4096 covers
// the logical block of every disk we run on.
constexpr size_t BLOCK = 4096;
// Written once this much is held: the writer's chunks are ~1 MiB.
constexpr size_t WRITE_AT = size_t(1) << 20;
constexpr size_t CAPACITY = 2 * WRITE_AT + 2 * BLOCK;

struct file_sink : trace_sink {
	int fd;
	bool direct;           // O_DIRECT pwrite()s of whole blocks; else plain write()s
	char *buf = nullptr;   // file bytes [at, at + len), `at` a multiple of BLOCK
	uint64_t at = 0;
	size_t len = 0;
	size_t padded_len = 0; // flush wrote buf's first padded_len bytes as a padded block (0: none)

	file_sink(int f, bool d) : fd(f), direct(d)
	{
		if (direct && posix_memalign(reinterpret_cast<void **>(&buf), BLOCK, CAPACITY) != 0) {
			buf = nullptr;
			to_plain();
		}
	}

	~file_sink() override
	{
		flush();
		free(buf);
		close(fd);
	}

	// From here on, plain write()s at the end of what is on disk.
	void to_plain()
	{
		int flags = fcntl(fd, F_GETFL);
		if (flags >= 0)
			fcntl(fd, F_SETFL, flags & ~O_DIRECT);
		direct = false;
		if (buf) {
			lseek(fd, off_t(at), SEEK_SET);
			size_t n = len;
			len = 0;
			write_plain(buf, n);
		}
	}

	void write_plain(const char *p, size_t n)
	{
		while (n > 0) {
			ssize_t k = ::write(fd, p, n);
			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0)
				return; // a full disk: the rest of the trace is lost, the run goes on
			p += k, n -= size_t(k);
		}
	}

	// Writes buf's first n bytes (a multiple of BLOCK) at `at`.
	bool write_blocks(size_t n)
	{
		size_t done = 0;
		while (done < n) {
			ssize_t k = pwrite(fd, buf + done, n - done, off_t(at + done));
			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0 || size_t(k) % BLOCK != 0)
				return false;
			done += size_t(k);
		}
		return true;
	}

	// Writes the whole blocks held; the partial last one stays in buf.
	void write_held()
	{
		size_t whole = len - len % BLOCK;
		if (whole == 0)
			return;
		if (!write_blocks(whole)) {
			to_plain(); // O_DIRECT refused after all: the rest goes through the page cache
			return;
		}
		at += whole;
		len -= whole;
		memmove(buf, buf + whole, len);
		padded_len = 0;
	}

	void write(std::string_view lines) override
	{
		const char *p = lines.data();
		size_t n = lines.size();
		while (n > 0 && direct) {
			size_t k = CAPACITY - len < n ? CAPACITY - len : n;
			memcpy(buf + len, p, k);
			len += k, p += k, n -= k;
			if (len >= WRITE_AT)
				write_held();
		}
		if (n > 0)
			write_plain(p, n);
	}

	// The writer has nothing to do: the partial last block goes to disk too,
	// padded with zeros, and the file is cut back to its lines, so a reader
	// of the file while the program runs sees every line recorded so far.
	// The block is written again, fuller, next time.
	void flush() override
	{
		if (!direct || len == 0 || len == padded_len)
			return;
		write_held();
		if (!direct || len == 0)
			return;
		memset(buf + len, 0, BLOCK - len);
		if (!write_blocks(BLOCK)) {
			to_plain();
			return;
		}
		if (ftruncate(fd, off_t(at + len)) != 0) {
			// the zeros stay until the next write covers them
		}
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
	bool want_direct = buffered == nullptr || strcmp(buffered, "1") != 0;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		error = std::string("trace: cannot write '") + path + "': " + strerror(errno);
		return nullptr;
	}
	struct stat st;
	bool direct = want_direct && fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
	if (direct) {
		int flags = fcntl(fd, F_GETFL);
		direct = flags >= 0 && fcntl(fd, F_SETFL, flags | O_DIRECT) == 0;
	}
	return std::make_unique<file_sink>(fd, direct);
}
