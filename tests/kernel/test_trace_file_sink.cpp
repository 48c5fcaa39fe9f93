// test_trace_file_sink: the trace file holds exactly the lines written, and a reader
// of the file while it is written (the live viewer) only ever sees a prefix of them.
#include <catch2/catch.hpp>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kernel/trace_sink.h"

static std::string read_file(const std::string &path)
{
	std::ifstream in(path, std::ios::binary);
	std::stringstream all;
	all << in.rdbuf();
	return all.str();
}

// Writes ~3 MiB of numbered lines in uneven chunks (so whole blocks go to the
// disk thread and partial ones are flushed), flushing as an idle writer does,
// while another thread reads the file over and over.
static void write_while_reading(const std::string &path, bool check_reader = true)
{
	std::string expected;
	std::atomic<bool> done{false};
	std::atomic<int> reads{0};
	std::string bad; // the reader's first complaint
	{
		std::string error;
		auto sink = trace_sink_file(path.c_str(), error);
		INFO(error);
		REQUIRE(sink);

		std::string all_lines;
		for (int i = 0; all_lines.size() < (3u << 20); i++)
			all_lines += "{\"ev\":\"msg.push\",\"n\":" + std::to_string(i) + ",\"pad\":\"" +
			             std::string(size_t(i % 97), 'x') + "\"}\n";

		// The reader looks at the file's end, where a flush writes: its size
		// never goes down, and its last bytes are the lines' bytes there.
		std::thread reader([&] {
			int fd = open(path.c_str(), O_RDONLY);
			off_t last = 0;
			char tail[8192];
			while (!done.load() && fd >= 0) {
				struct stat st;
				fstat(fd, &st);
				reads++;
				if (st.st_size < last) {
					bad = "the file shrank from " + std::to_string(last) + " to " + std::to_string(st.st_size) + " bytes";
					break;
				}
				last = st.st_size;
				off_t from = last > off_t(sizeof tail) ? last - off_t(sizeof tail) : 0;
				ssize_t n = pread(fd, tail, size_t(last - from), from);
				if (n < 0)
					continue;
				std::string_view seen(tail, size_t(n));
				if (seen.find('\0') != std::string_view::npos) {
					bad = "a zero byte near the end of " + std::to_string(last) + " bytes";
					break;
				}
				if (size_t(from) + seen.size() > all_lines.size() ||
				    all_lines.compare(size_t(from), seen.size(), seen) != 0) {
					bad = "the file's bytes at " + std::to_string(from) + " are not the lines'";
					break;
				}
			}
			if (fd >= 0)
				close(fd);
		});
		size_t at = 0;
		for (int chunk = 0; at < all_lines.size(); chunk++) {
			size_t n = std::min(all_lines.size() - at, size_t(100 + (chunk * 7919) % 5000));
			sink->write(std::string_view(all_lines).substr(at, n));
			at += n;
			sink->flush(); // as the writer does whenever it runs dry
		}
		sink->flush();
		expected = all_lines;
		// The reader has had its look at the flushed file at least once.
		for (int spin = 0; reads.load() < 2 && bad.empty() && spin < 1000000; spin++)
			std::this_thread::yield();
		done = true;
		reader.join();
	} // the sink closes here
	INFO(bad);
	if (check_reader)
		CHECK(bad.empty());
	std::string got = read_file(path);
	CHECK(got.size() == expected.size());
	CHECK(got == expected);
}

TEST_CASE("the trace file sink: exact bytes, and a live reader sees only whole prefixes", "[trace]")
{
	std::string path = (std::filesystem::temp_directory_path() /
	                    ("skyglass-sink-" + std::to_string(getpid()) + ".jsonl")).string();
	SECTION("the disk thread, through the page cache (the default)") {
		write_while_reading(path);
	}
	SECTION("the disk thread, past the page cache where it is cheaper (SKYGLASS_TRACE_DIRECT=1)") {
		// A reader may see zeros at the end here (why it is not the default):
		// only the file's final bytes are checked.
		setenv("SKYGLASS_TRACE_DIRECT", "1", 1);
		write_while_reading(path, false);
		unsetenv("SKYGLASS_TRACE_DIRECT");
	}
	SECTION("written by the trace writer itself (SKYGLASS_TRACE_BUFFERED=1)") {
		setenv("SKYGLASS_TRACE_BUFFERED", "1", 1);
		write_while_reading(path);
		unsetenv("SKYGLASS_TRACE_BUFFERED");
	}
	std::filesystem::remove(path);
}
