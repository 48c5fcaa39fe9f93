// test_handle: services get distinct addresses, names bind once, and a retired
// service can no longer be found by handle or by name.
#include <catch2/catch.hpp>
#include <cstdio>
#include <set>
#include <thread>

#include "kernel/context.h"
#include "kernel/handle.h"
#include "tests/kernel/kernel_support.h"

static std::string address(uint32_t h)
{
	char buf[16];
	snprintf(buf, sizeof(buf), ":%08x", h);
	return buf;
}

TEST_CASE("every service gets its own non-zero handle", "[handle]")
{
	kernel_bench bench;
	std::set<uint32_t> seen{bench.logger.handle};
	for (int i = 0; i < 5; i++) {
		test_service s = launch_recorder();
		CHECK(s.handle != 0);
		CHECK((s.handle >> 24) == 0); // harbor 0
		CHECK(seen.insert(s.handle).second);
	}
}

TEST_CASE("the registry grows past its first slots and still finds every service", "[handle]")
{
	kernel_bench bench;
	std::vector<uint32_t> handles;
	for (int i = 0; i < 150; i++)
		handles.push_back(launch_recorder().handle);
	CHECK(std::set<uint32_t>(handles.begin(), handles.end()).size() == handles.size());
	for (uint32_t h : handles) {
		skynet_context *ctx = handle_grab(h);
		REQUIRE(ctx != nullptr);
		CHECK(context_handle(ctx) == h);
		context_release(ctx);
	}
}

TEST_CASE("the harbor is the top byte of every handle", "[handle]")
{
	kernel_bench bench;
	handle_init(7);
	test_service s = launch_recorder();
	handle_init(0);
	CHECK((s.handle >> 24) == 7);
	CHECK(handle_from_string(address(s.handle).c_str()) == s.handle);
}

TEST_CASE("handle_from_string reads :hex addresses, decimal numbers and names", "[handle]")
{
	kernel_bench bench;
	CHECK(handle_from_string(":0000000a") == 0xa);
	CHECK(handle_from_string(":ff000001") == 0xff000001u);
	CHECK(handle_from_string("10") == 10);
	CHECK(handle_from_string("") == 0);
	CHECK(handle_from_string(nullptr) == 0);

	test_service s = launch_recorder();
	CHECK(address(s.handle).size() == 9);
	CHECK(handle_from_string(address(s.handle).c_str()) == s.handle);
	REQUIRE(handle_namehandle(s.handle, ".kt_echo"));
	CHECK(handle_from_string(".kt_echo") == s.handle);
	CHECK(handle_from_string(".kt_nobody") == 0);
}

TEST_CASE("a name binds once; the second bind fails and keeps the first owner", "[handle]")
{
	kernel_bench bench;
	test_service a = launch_recorder(), b = launch_recorder();
	CHECK(handle_findname(".kt_shared") == 0);
	REQUIRE(handle_namehandle(a.handle, ".kt_shared"));
	CHECK_FALSE(handle_namehandle(b.handle, ".kt_shared"));
	CHECK(handle_findname(".kt_shared") == a.handle);
	// One service may carry several names.
	CHECK(handle_namehandle(a.handle, ".kt_alias"));
	CHECK(handle_findname(".kt_alias") == a.handle);
}

TEST_CASE("grab takes a reference that keeps the service alive after it is retired", "[handle]")
{
	kernel_bench bench;
	test_service s = launch_recorder();
	skynet_context *held = handle_grab(s.handle);
	REQUIRE(held == s.ctx);
	REQUIRE(handle_retire(s.handle));
	// Gone from the registry, but our reference still points at a live service.
	CHECK(handle_grab(s.handle) == nullptr);
	CHECK(context_handle(held) == s.handle);
	CHECK(context_release(held) == nullptr); // the last reference frees it
}

TEST_CASE("retiring a handle makes grab fail and removes its names", "[handle]")
{
	kernel_bench bench;
	test_service s = launch_recorder(), other = launch_recorder();
	REQUIRE(handle_namehandle(s.handle, ".kt_gone"));
	REQUIRE(handle_namehandle(other.handle, ".kt_stays"));
	int before = context_total_all();

	CHECK(handle_retire(s.handle));
	CHECK(handle_grab(s.handle) == nullptr);
	CHECK(handle_findname(".kt_gone") == 0);
	CHECK(handle_findname(".kt_stays") == other.handle);
	CHECK(context_total_all() == before - 1);
	// Retiring twice is refused, and the freed name can be taken again.
	CHECK_FALSE(handle_retire(s.handle));
	CHECK(handle_namehandle(other.handle, ".kt_gone"));
}

TEST_CASE("handle_retireall keeps only the service it is asked to keep", "[handle]")
{
	kernel_bench bench;
	test_service a = launch_recorder(), b = launch_recorder();
	handle_retireall(a.handle);
	CHECK(handle_grab(b.handle) == nullptr);
	CHECK(handle_grab(bench.logger.handle) == nullptr);
	skynet_context *kept = handle_grab(a.handle);
	CHECK(kept == a.ctx);
	if (kept)
		context_release(kept);
}

TEST_CASE("services launched from several threads at once all get distinct, reachable handles", "[handle]")
{
	kernel_bench bench;
	constexpr int THREADS = 4, EACH = 100; // the registry grows several times meanwhile
	std::vector<std::vector<uint32_t>> launched(THREADS);
	std::vector<std::thread> threads;
	for (int t = 0; t < THREADS; t++) {
		threads.emplace_back([&launched, t] {
			for (int i = 0; i < EACH; i++) {
				skynet_context *ctx = context_new("kt_silent", "");
				launched[t].push_back(ctx ? skynet_context_handle(ctx) : 0);
			}
		});
	}
	for (auto &t : threads)
		t.join();
	std::set<uint32_t> all;
	for (auto &handles : launched) {
		for (uint32_t h : handles) {
			CHECK(h != 0);
			CHECK(all.insert(h).second);
			skynet_context *ctx = handle_grab(h);
			CHECK(ctx != nullptr);
			if (ctx)
				context_release(ctx);
		}
	}
	CHECK(all.size() == THREADS * EACH);
}
