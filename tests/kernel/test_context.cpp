// test_context: sending between services, and what happens to a message whose
// receiver is gone. Services here are C++ recorders run on the test thread.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <cstring>

#include "kernel/context.h"
#include "kernel/handle.h"
#include "kernel/skynet.h"
#include "tests/kernel/kernel_support.h"

TEST_CASE("a message sent to a service reaches its callback with type, session, source and bytes", "[context]")
{
	kernel_bench bench;
	test_service a = launch_recorder(), b = launch_recorder();
	char text[] = "ping";
	CHECK(skynet_send(a.ctx, 0, b.handle, PTYPE_LUA, 5, text, 4) == 5);
	text[0] = 'X'; // the message was copied when sent
	CHECK(context_mqlen(b.ctx) == 1);
	dispatch_all();
	REQUIRE(b.rec->received.size() == 1);
	const recorded_message &m = b.rec->received[0];
	CHECK(m.type == PTYPE_LUA);
	CHECK(m.session == 5);
	CHECK(m.source == a.handle); // source 0 means "from ctx"
	CHECK(m.data == "ping");
	CHECK(context_message_count(b.ctx) == 1);
}

TEST_CASE("messages from one sender arrive in the order they were sent", "[context]")
{
	kernel_bench bench;
	test_service a = launch_recorder(), b = launch_recorder();
	for (int i = 1; i <= 200; i++)
		skynet_send(a.ctx, 0, b.handle, PTYPE_LUA, i, nullptr, 0);
	dispatch_all();
	REQUIRE(b.rec->received.size() == 200);
	for (int i = 1; i <= 200; i++)
		CHECK(b.rec->received[i - 1].session == i);
}

TEST_CASE("ALLOCSESSION gives each request a fresh positive session", "[context]")
{
	kernel_bench bench;
	test_service a = launch_recorder(), b = launch_recorder();
	int s1 = skynet_send(a.ctx, 0, b.handle, PTYPE_LUA | PTYPE_TAG_ALLOCSESSION, 0, nullptr, 0);
	int s2 = skynet_send(a.ctx, 0, b.handle, PTYPE_LUA | PTYPE_TAG_ALLOCSESSION, 0, nullptr, 0);
	CHECK(s1 > 0);
	CHECK(s2 > s1);
	dispatch_all();
	REQUIRE(b.rec->received.size() == 2);
	CHECK(b.rec->received[0].session == s1);
	CHECK(b.rec->received[1].type == PTYPE_LUA); // the tag is not part of the type
}

TEST_CASE("DONTCOPY hands the buffer itself to the receiver", "[context]")
{
	kernel_bench bench;
	test_service a = launch_recorder(), b = launch_recorder();
	char *owned = static_cast<char *>(malloc(5));
	memcpy(owned, "hello", 5);
	CHECK(skynet_send(a.ctx, 0, b.handle, PTYPE_TEXT | PTYPE_TAG_DONTCOPY, 0, owned, 5) == 0);
	dispatch_all(); // the runtime frees it after dispatch; ASan would see a double free
	REQUIRE(b.rec->received.size() == 1);
	CHECK(b.rec->received[0].data == "hello");
}

TEST_CASE("sending to a dead handle or an unknown name fails with -1", "[context]")
{
	kernel_bench bench;
	test_service a = launch_recorder(), b = launch_recorder();
	REQUIRE(handle_retire(b.handle));
	CHECK(skynet_send(a.ctx, 0, b.handle, PTYPE_LUA, 1, (void *)"x", 1) == -1);
	CHECK(skynet_send(a.ctx, 0, 0, PTYPE_LUA, 1, (void *)"x", 1) == -1);
	CHECK(skynet_sendname(a.ctx, 0, ".kt_nobody", PTYPE_LUA, 1, (void *)"x", 1) == -1);
	void *owned = malloc(1); // DONTCOPY: freed by the failed send, as documented
	CHECK(skynet_sendname(a.ctx, 0, ".kt_nobody", PTYPE_LUA | PTYPE_TAG_DONTCOPY, 1, owned, 1) == -1);
}

TEST_CASE("a request left in a dead service's queue is answered with an ERROR", "[context]")
{
	kernel_bench bench;
	test_service caller = launch_recorder(), callee = launch_recorder();
	REQUIRE(skynet_send(caller.ctx, 0, callee.handle, PTYPE_LUA, 9, (void *)"req", 3) == 9);
	REQUIRE(skynet_send(caller.ctx, 0, callee.handle, PTYPE_LUA, 0, (void *)"send", 4) == 0);
	REQUIRE(handle_retire(callee.handle));
	dispatch_all();
	// Only the request (session 9) gets an answer; a plain send has nobody waiting.
	REQUIRE(caller.rec->received.size() == 1);
	const recorded_message &m = caller.rec->received[0];
	CHECK(m.type == PTYPE_ERROR);
	CHECK(m.session == 9);
	CHECK(m.source == callee.handle);
	char expected[32];
	snprintf(expected, sizeof(expected), "service :%08x exited", callee.handle);
	CHECK(m.data == expected);
}

TEST_CASE("a service is named by sendname through .name and :address", "[context]")
{
	kernel_bench bench;
	test_service a = launch_recorder(), b = launch_recorder();
	REQUIRE(handle_namehandle(b.handle, ".kt_b"));
	char address[16];
	snprintf(address, sizeof(address), ":%08x", b.handle);
	CHECK(skynet_sendname(a.ctx, 0, ".kt_b", PTYPE_LUA, 1, nullptr, 0) == 1);
	CHECK(skynet_sendname(a.ctx, 0, address, PTYPE_LUA, 2, nullptr, 0) == 2);
	dispatch_all();
	REQUIRE(b.rec->received.size() == 2);
	CHECK(b.rec->received[1].session == 2);
}

TEST_CASE("a module whose init fails leaves no service behind", "[context]")
{
	kernel_bench bench;
	int before = context_total_all();
	CHECK(context_new("kt_failing", "") == nullptr);
	CHECK(context_total_all() == before);
	CHECK(context_new("kt_no_such_module", "") == nullptr);
	CHECK(context_total_all() == before);
	dispatch_all();
	// Both failures were logged with what was being launched.
	bool failed_logged = false, unknown_logged = false;
	for (auto &m : bench.logger.rec->received) {
		failed_logged |= m.data.find("error: launch kt_failing FAILED") != std::string::npos;
		unknown_logged |= m.data.find("no module named 'kt_no_such_module'") != std::string::npos;
	}
	CHECK(failed_logged);
	CHECK(unknown_logged);
}

TEST_CASE("a service that exits inside its own init is freed, queue and all", "[context]")
{
	kernel_bench bench;
	int before = context_total_all();
	CHECK(context_new("kt_quitter", "") == nullptr);
	CHECK(context_total_all() == before);
	dispatch_all(); // a worker frees what is left of it; ASan reports a leak if nothing does
}
