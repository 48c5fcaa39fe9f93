// test_mq: a service's queue is a FIFO that grows, and the global queue holds each
// queue with work exactly once.
//
// The global queue is one per process: every test here starts and ends with it empty.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <thread>
#include <vector>

#include "kernel/mq.h"

static skynet_message numbered(int n)
{
	return skynet_message{.source = 0x1, .session = n, .type = PTYPE_TEXT, .inlined = false, .data = nullptr, .size = 0, .id = 0};
}

static std::vector<message_queue *> take_global()
{
	std::vector<message_queue *> order;
	while (message_queue *q = globalmq_pop())
		order.push_back(q);
	return order;
}

static void free_message(skynet_message *m, void *) { message_free(m); }

// Give a test's queue back: mark it, make sure the global queue no longer
// points at it, then free it and whatever it still holds.
static void destroy(message_queue *q)
{
	mq_mark_release(q);
	take_global();
	mq_release(q, free_message, nullptr);
}

TEST_CASE("a queue hands messages back in the order they were pushed", "[mq]")
{
	REQUIRE(take_global().empty());
	message_queue *q = mq_create(0x10);
	CHECK(mq_handle(q) == 0x10);
	for (int i = 1; i <= 3; i++) {
		skynet_message m = numbered(i);
		mq_push(q, &m);
	}
	skynet_message out{};
	for (int i = 1; i <= 3; i++) {
		REQUIRE(mq_pop(q, &out));
		CHECK(out.session == i);
	}
	destroy(q);
}

TEST_CASE("popping an empty queue returns false and leaves the message untouched", "[mq]")
{
	message_queue *q = mq_create(0x11);
	skynet_message out = numbered(42);
	CHECK_FALSE(mq_pop(q, &out));
	CHECK(out.session == 42);
	destroy(q);
}

TEST_CASE("a queue grows past its first 64 slots and keeps order, even when wrapped", "[mq]")
{
	message_queue *q = mq_create(0x12);
	int next_in = 0, next_out = 0;
	skynet_message m{}, out{};
	// Move head off slot 0 first, so the ring has wrapped when it has to grow.
	for (; next_in < 40; next_in++) {
		m = numbered(next_in);
		mq_push(q, &m);
	}
	for (; next_out < 30; next_out++) {
		REQUIRE(mq_pop(q, &out));
		REQUIRE(out.session == next_out);
	}
	for (; next_in < 40 + 300; next_in++) {
		m = numbered(next_in);
		mq_push(q, &m);
	}
	CHECK(mq_length(q) == 310);
	for (; next_out < next_in; next_out++) {
		REQUIRE(mq_pop(q, &out));
		REQUIRE(out.session == next_out);
	}
	CHECK_FALSE(mq_pop(q, &out));
	destroy(q);
}

TEST_CASE("a batch pop takes up to max messages, oldest first", "[mq]")
{
	message_queue *q = mq_create(0x14);
	for (int i = 0; i < 5; i++) {
		skynet_message m = numbered(i);
		mq_push(q, &m);
	}
	skynet_message batch[4];
	REQUIRE(mq_pop_batch(q, batch, 4) == 4);
	for (int i = 0; i < 4; i++)
		CHECK(batch[i].session == i);
	REQUIRE(mq_pop_batch(q, batch, 4) == 1); // only what is there
	CHECK(batch[0].session == 4);
	CHECK(mq_pop_batch(q, batch, 4) == 0);   // empty, as mq_pop's false
	destroy(q);
}

TEST_CASE("an empty batch pop takes the queue out of the global queue, as mq_pop does", "[mq][globalmq]")
{
	message_queue *q = mq_create(0x15);
	mq_activate(q);
	REQUIRE(take_global() == std::vector<message_queue *>{q});
	skynet_message batch[8];
	REQUIRE(mq_pop_batch(q, batch, 8) == 0);
	skynet_message m = numbered(1);
	mq_push(q, &m);
	CHECK(take_global() == std::vector<message_queue *>{q});
	destroy(q);
}

TEST_CASE("mq_length counts the messages waiting", "[mq]")
{
	message_queue *q = mq_create(0x13);
	CHECK(mq_length(q) == 0);
	skynet_message m = numbered(1), out{};
	mq_push(q, &m);
	mq_push(q, &m);
	CHECK(mq_length(q) == 2);
	mq_pop(q, &out);
	CHECK(mq_length(q) == 1);
	mq_pop(q, &out);
	CHECK(mq_length(q) == 0);
	destroy(q);
}

TEST_CASE("a new queue stays out of the global queue until it is activated", "[mq][globalmq]")
{
	REQUIRE(globalmq_empty());
	message_queue *q = mq_create(0x20);
	// Its service is still in init: messages wait, but no worker may see it.
	skynet_message m = numbered(1);
	mq_push(q, &m);
	CHECK(globalmq_empty());
	CHECK(globalmq_pop() == nullptr);

	mq_activate(q);
	CHECK_FALSE(globalmq_empty());
	CHECK(globalmq_pop() == q);
	CHECK(globalmq_pop() == nullptr);
	destroy(q);
}

TEST_CASE("an idle queue joins the global queue once, on its first push", "[mq][globalmq]")
{
	message_queue *q = mq_create(0x21);
	mq_activate(q);
	REQUIRE(take_global() == std::vector<message_queue *>{q});
	// A worker found it empty: that is when it leaves the global queue.
	skynet_message out{};
	REQUIRE_FALSE(mq_pop(q, &out));
	CHECK(globalmq_empty());

	skynet_message m = numbered(1);
	mq_push(q, &m);
	mq_push(q, &m);
	mq_push(q, &m);
	CHECK(take_global() == std::vector<message_queue *>{q});
	destroy(q);
}

TEST_CASE("a queue being dispatched is not queued again by new pushes", "[mq][globalmq]")
{
	message_queue *q = mq_create(0x22);
	skynet_message m = numbered(1), out{};
	mq_push(q, &m);
	mq_activate(q);
	// A worker took it off the global queue and is running its messages.
	REQUIRE(globalmq_pop() == q);
	REQUIRE(mq_pop(q, &out));
	mq_push(q, &m);
	CHECK(globalmq_empty());
	// Only once the worker sees it empty does the next push bring it back.
	REQUIRE(mq_pop(q, &out));
	REQUIRE_FALSE(mq_pop(q, &out));
	mq_push(q, &m);
	CHECK(take_global() == std::vector<message_queue *>{q});
	destroy(q);
}

// An idle queue, out of the global queue, as after a worker found it empty.
static message_queue *idle_queue(uint32_t handle)
{
	message_queue *q = mq_create(handle);
	mq_activate(q);
	take_global();
	skynet_message out{};
	mq_pop(q, &out);
	return q;
}

TEST_CASE("a worker keeps the one queue its message woke, instead of the global queue", "[mq][globalmq][handoff]")
{
	message_queue *callee = idle_queue(0x40);
	skynet_message m = numbered(1);
	mq_handoff_begin();
	mq_push(callee, &m); // the request of a call
	CHECK(globalmq_empty());
	CHECK(mq_handoff_end() == callee);
	// Held, it still counts as queued: a new push does not queue it twice.
	mq_push(callee, &m);
	CHECK(globalmq_empty());
	CHECK(mq_length(callee) == 2);
	globalmq_push(callee);
	destroy(callee);
}

TEST_CASE("a third message to the held queue sends it to the global queue at once", "[mq][globalmq][handoff]")
{
	message_queue *counter = idle_queue(0x41);
	skynet_message m = numbered(1);
	mq_handoff_begin();
	mq_push(counter, &m);
	mq_push(counter, &m); // two (skynet.kill's REMOVE, then LAUNCH): still held
	CHECK(globalmq_empty());
	mq_push(counter, &m); // a stream: another worker should start now
	CHECK(take_global() == std::vector<message_queue *>{counter});
	CHECK(mq_handoff_end() == nullptr);
	destroy(counter);
}

TEST_CASE("a second queue woken by the same message sends both to the global queue, first woken first", "[mq][globalmq][handoff]")
{
	message_queue *a = idle_queue(0x42), *b = idle_queue(0x43);
	skynet_message m = numbered(1);
	mq_handoff_begin();
	mq_push(a, &m);
	CHECK(globalmq_empty());
	mq_push(b, &m);
	CHECK(take_global() == std::vector<message_queue *>{a, b});
	CHECK(mq_handoff_end() == nullptr);
	// Outside a dispatch nothing is held (timer and socket threads).
	skynet_message out{};
	while (mq_pop(b, &out)) {
	}
	mq_push(b, &m);
	CHECK(take_global() == std::vector<message_queue *>{b});
	destroy(a);
	destroy(b);
}

TEST_CASE("an idle worker takes a held queue, and its holder then does not run it", "[mq][globalmq][handoff]")
{
	message_queue *q = idle_queue(0x45);
	skynet_message m = numbered(1);
	mq_handoff_begin();
	mq_push(q, &m);
	REQUIRE(globalmq_empty());
	// The holder's message runs long; another worker, done spinning, looks.
	bool taken = false;
	std::thread idle([&] { taken = mq_handoff_steal(); });
	idle.join();
	CHECK(taken);
	CHECK(mq_handoff_end() == nullptr);
	CHECK(take_global() == std::vector<message_queue *>{q});
	CHECK_FALSE(mq_handoff_steal()); // nothing held any more
	destroy(q);
}

TEST_CASE("a worker leaving a queue it held: an empty one leaves the global queue", "[mq][globalmq][handoff]")
{
	message_queue *q = idle_queue(0x44);
	skynet_message m = numbered(1), out{};
	mq_push(q, &m);
	REQUIRE(take_global() == std::vector<message_queue *>{q});
	CHECK_FALSE(mq_leave_if_empty(q)); // one message: the worker pushes it back
	REQUIRE(mq_pop(q, &out));
	CHECK(mq_leave_if_empty(q));
	// Out of the global queue now, so the next push brings it back.
	mq_push(q, &m);
	CHECK(take_global() == std::vector<message_queue *>{q});
	destroy(q);
}

TEST_CASE("the global queue hands queues out first in, first out", "[globalmq]")
{
	message_queue *a = mq_create(0x30), *b = mq_create(0x31), *c = mq_create(0x32);
	mq_activate(b);
	mq_activate(a);
	mq_activate(c);
	CHECK(take_global() == std::vector<message_queue *>{b, a, c});
	CHECK(globalmq_empty());
	for (auto *q : {a, b, c})
		destroy(q);
}

TEST_CASE("a queue that passes 1024 messages reports its length once per doubling", "[mq]")
{
	message_queue *q = mq_create(0x40);
	skynet_message m = numbered(1), out{};
	for (int i = 0; i < 1100; i++)
		mq_push(q, &m);
	CHECK(mq_overload(q) == 0); // measured when a worker pops, not on push
	REQUIRE(mq_pop(q, &out));
	CHECK(mq_overload(q) == 1099);
	CHECK(mq_overload(q) == 0); // reading it clears it
	REQUIRE(mq_pop(q, &out));
	CHECK(mq_overload(q) == 0); // the next report waits until 2048
	destroy(q);
}

TEST_CASE("a queue far past the threshold reports once, not at each doubling on the way down", "[mq]")
{
	message_queue *q = mq_create(0x41);
	skynet_message m = numbered(1), out{};
	for (int i = 0; i < 5000; i++)
		mq_push(q, &m);
	REQUIRE(mq_pop(q, &out));
	CHECK(mq_overload(q) == 4999); // over 1024, 2048 and 4096: the threshold is now 8192
	for (int i = 0; i < 3; i++) {
		REQUIRE(mq_pop(q, &out));
		CHECK(mq_overload(q) == 0);
	}
	while (mq_pop(q, &out)) {
	}
	for (int i = 0; i < 1100; i++)
		mq_push(q, &m);
	REQUIRE(mq_pop(q, &out));
	CHECK(mq_overload(q) == 1099); // emptied: the threshold started over at 1024
	destroy(q);
}

TEST_CASE("releasing a queue hands every left-over message to drop", "[mq]")
{
	message_queue *q = mq_create(0x50);
	for (int i = 0; i < 3; i++) {
		skynet_message m{.source = 0x1, .session = i, .type = PTYPE_TEXT, .inlined = false, .data = malloc(8), .size = 8, .id = 0};
		mq_push(q, &m);
	}
	mq_mark_release(q);
	take_global();
	std::vector<int> dropped;
	mq_release(q, [](skynet_message *m, void *ud) {
		static_cast<std::vector<int> *>(ud)->push_back(m->session);
		free(m->data);
	}, &dropped);
	CHECK(dropped == std::vector<int>{0, 1, 2});
}

TEST_CASE("a queue marked for release goes into the global queue so a worker frees it", "[mq][globalmq]")
{
	message_queue *q = mq_create(0x51);
	mq_activate(q);
	REQUIRE(globalmq_pop() == q);
	skynet_message out{};
	REQUIRE_FALSE(mq_pop(q, &out)); // idle: out of the global queue
	mq_mark_release(q);
	CHECK(take_global() == std::vector<message_queue *>{q});
	mq_release(q, free_message, nullptr);
}
