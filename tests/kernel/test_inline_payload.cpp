// test_inline_payload: small payloads carried inside the message (kernel/message.h): bytes, lifetime, frees.
//
// A payload of up to MESSAGE_INLINE_MAX bytes is copied into the message by
// the sender; a callback that opts in (skynet_callback_inline) reads it in
// place, every other reader gets a malloc'd copy. What must hold: the bytes
// arrive exact on both sides of the limit; whatever a callback may keep is a
// heap pointer, valid after its batch and freed exactly once (a free of a
// pointer into the batch, or a second free, aborts in glibc and fails ASan).
#include <catch2/catch.hpp>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "kernel/context.h"
#include "kernel/handle.h"
#include "kernel/module.h"
#include "kernel/skynet.h"
#include "tests/kernel/kernel_support.h"

namespace {

// What a kt_inplace or kt_keeper service saw of one message.
struct seen {
	int type;
	size_t size;
	std::string bytes;  // read where the callback was given them
	bool in_place;      // skynet_message_heap had to copy them to the heap
};

struct reader {
	bool opt_in = false;
	std::vector<seen> got;
	std::vector<std::pair<void *, size_t>> kept; // PTYPE_CLIENT messages, kept past their dispatch
};

reader *last_reader = nullptr;

// kt_inplace (opts in) and kt_keeper (does not): record each message; keep
// each PTYPE_CLIENT one (return 1) as a forward would, after asking for
// its heap copy as a callback that keeps must.
int reader_cb(skynet_context *ctx, void *ud, int type, int, uint32_t, const void *msg, size_t sz)
{
	auto *r = static_cast<reader *>(ud);
	std::string bytes = msg ? std::string(static_cast<const char *>(msg), sz) : std::string();
	void *heap = skynet_message_heap(ctx, msg);
	// asked again, with either pointer, the same heap copy: one copy, one
	// owner (a path that gave up after another copied it still holds `msg`)
	CHECK(skynet_message_heap(ctx, heap) == heap);
	CHECK(skynet_message_heap(ctx, msg) == heap);
	r->got.push_back({type, sz, bytes, heap != msg});
	if (type == PTYPE_CLIENT) {
		r->kept.emplace_back(heap, sz);
		return 1;
	}
	return 0;
}

void *reader_create() { return new reader; }
void reader_release(void *instance) { delete static_cast<reader *>(instance); }

int inplace_init(void *instance, skynet_context *ctx, const char *)
{
	auto *r = static_cast<reader *>(instance);
	r->opt_in = true;
	skynet_callback(ctx, r, reader_cb);
	skynet_callback_inline(ctx, true);
	last_reader = r;
	return 0;
}

int keeper_init(void *instance, skynet_context *ctx, const char *)
{
	auto *r = static_cast<reader *>(instance);
	skynet_callback(ctx, r, reader_cb);
	last_reader = r;
	return 0;
}

const skynet_module inplace_module = {"kt_inplace", reader_create, inplace_init, reader_release, nullptr};
const skynet_module keeper_module = {"kt_keeper", reader_create, keeper_init, reader_release, nullptr};

struct reader_service {
	skynet_context *ctx;
	uint32_t handle;
	reader *r;
};

reader_service launch_reader(const char *module)
{
	static bool registered = false;
	if (!registered) {
		module_register(&inplace_module);
		module_register(&keeper_module);
		registered = true;
	}
	last_reader = nullptr;
	skynet_context *ctx = context_new(module, "");
	REQUIRE(ctx != nullptr);
	REQUIRE(last_reader != nullptr);
	return {ctx, skynet_context_handle(ctx), last_reader};
}

// n bytes that a copy of the wrong length or offset would not reproduce:
// NULs, high bytes, each position different.
std::string pattern(size_t n, int salt)
{
	std::string s(n, '\0');
	for (size_t i = 0; i < n; i++)
		s[i] = static_cast<char>((i * 37 + salt * 11) & 0xff);
	if (n > 2)
		s[1] = '\0';
	return s;
}

void *owned_copy(const std::string &s)
{
	void *p = malloc(s.size() ? s.size() : 1);
	memcpy(p, s.data(), s.size());
	return p;
}

} // namespace

TEST_CASE("a payload round-trips byte-exact on both sides of the inline limit, copied or handed over", "[inline]")
{
	kernel_bench bench;
	test_service a = launch_recorder(), plain = launch_recorder();
	reader_service inplace = launch_reader("kt_inplace");
	const size_t sizes[] = {0, 1, 2, 3, 4, 5, 7, 8, 9, 15, MESSAGE_INLINE_MAX, MESSAGE_INLINE_MAX + 1, 33, 200};
	std::vector<std::string> sent;
	for (size_t n : sizes) {
		for (int handed = 0; handed < 2; handed++) {
			std::string s = pattern(n, (int)sent.size());
			for (uint32_t to : {plain.handle, inplace.handle}) {
				if (handed)
					CHECK(skynet_send(a.ctx, 0, to, PTYPE_LUA | PTYPE_TAG_DONTCOPY, 0, owned_copy(s), n) == 0);
				else
					CHECK(skynet_send(a.ctx, 0, to, PTYPE_LUA, 0, s.data(), n) == 0);
			}
			sent.push_back(s);
		}
	}
	dispatch_all();
	REQUIRE(plain.rec->received.size() == sent.size());
	REQUIRE(inplace.r->got.size() == sent.size());
	for (size_t i = 0; i < sent.size(); i++) {
		CHECK(plain.rec->received[i].data == sent[i]);
		CHECK(inplace.r->got[i].bytes == sent[i]);
		CHECK(inplace.r->got[i].size == sent[i].size());
	}
}

TEST_CASE("a reader that opts in gets up to MESSAGE_INLINE_MAX bytes in place, and one more on the heap", "[inline]")
{
	kernel_bench bench;
	test_service a = launch_recorder();
	reader_service inplace = launch_reader("kt_inplace"), keeper = launch_reader("kt_keeper");
	for (uint32_t to : {inplace.handle, keeper.handle}) {
		std::string at = pattern(MESSAGE_INLINE_MAX, 1), past = pattern(MESSAGE_INLINE_MAX + 1, 2);
		skynet_send(a.ctx, 0, to, PTYPE_LUA, 0, at.data(), at.size());
		skynet_send(a.ctx, 0, to, PTYPE_LUA | PTYPE_TAG_DONTCOPY, 0, owned_copy(past), past.size());
		skynet_send(a.ctx, 0, to, PTYPE_LUA, 0, nullptr, 0); // no body: nothing to carry
	}
	dispatch_all();
	REQUIRE(inplace.r->got.size() == 3);
	CHECK(inplace.r->got[0].in_place);
	CHECK_FALSE(inplace.r->got[1].in_place);
	CHECK_FALSE(inplace.r->got[2].in_place);
	// a callback that did not opt in is handed heap buffers only
	REQUIRE(keeper.r->got.size() == 3);
	for (const seen &s : keeper.r->got)
		CHECK_FALSE(s.in_place);
}

TEST_CASE("a small message kept past its dispatch stays valid, is redirected or trashed, and freed once", "[inline]")
{
	kernel_bench bench;
	test_service a = launch_recorder(), last = launch_recorder();
	reader_service inplace = launch_reader("kt_inplace"), keeper = launch_reader("kt_keeper");
	std::vector<std::string> small;
	for (int i = 0; i < 4; i++)
		small.push_back(pattern(3 + 4 * i, 10 + i)); // 3, 7, 11, 15 bytes: all inlined
	for (reader_service *s : {&inplace, &keeper}) {
		for (const std::string &m : small)
			skynet_send(a.ctx, 0, s->handle, PTYPE_CLIENT | PTYPE_TAG_DONTCOPY, 0, owned_copy(m), m.size());
	}
	dispatch_all();
	// More batches through the same worker's frames: a kept pointer into the
	// last batch would now read their bytes.
	for (int round = 0; round < 3; round++) {
		for (reader_service *s : {&inplace, &keeper}) {
			for (int i = 0; i < 70; i++) {
				std::string filler(MESSAGE_INLINE_MAX, static_cast<char>('a' + round));
				skynet_send(a.ctx, 0, s->handle, PTYPE_LUA, 0, filler.data(), filler.size());
			}
		}
		dispatch_all();
	}
	for (reader_service *s : {&inplace, &keeper}) {
		REQUIRE(s->r->kept.size() == small.size());
		for (size_t i = 0; i < small.size(); i++)
			CHECK(std::string(static_cast<const char *>(s->r->kept[i].first), s->r->kept[i].second) == small[i]);
		// redirected (the kept buffer handed over, as skynet.redirect does) or trashed (skynet.trash)
		for (size_t i = 0; i < small.size(); i++) {
			auto [p, sz] = s->r->kept[i];
			if (i % 2 == 0)
				CHECK(skynet_send(s->ctx, a.handle, last.handle, PTYPE_LUA | PTYPE_TAG_DONTCOPY, 0, p, sz) == 0);
			else
				free(p);
		}
		s->r->kept.clear();
	}
	dispatch_all();
	REQUIRE(last.rec->received.size() == 4);
	CHECK(last.rec->received[0].data == small[0]);
	CHECK(last.rec->received[1].data == small[2]);
	CHECK(last.rec->received[2].data == small[0]);
	CHECK(last.rec->received[3].data == small[2]);
	CHECK(last.rec->received[0].source == a.handle);
}

TEST_CASE("small requests left in a dead service's queue get their ERROR, and nothing inlined is freed", "[inline]")
{
	kernel_bench bench;
	test_service a = launch_recorder();
	reader_service gone = launch_reader("kt_inplace");
	std::string req = pattern(9, 5);
	CHECK(skynet_send(a.ctx, 0, gone.handle, PTYPE_LUA, 7, req.data(), req.size()) == 7);
	CHECK(skynet_send(a.ctx, 0, gone.handle, PTYPE_LUA | PTYPE_TAG_DONTCOPY, 8, owned_copy(req), req.size()) == 8);
	REQUIRE(handle_retire(gone.handle));
	dispatch_all(); // the dead queue's messages are dropped (drop_message)
	REQUIRE(a.rec->received.size() == 2);
	CHECK(a.rec->received[0].type == PTYPE_ERROR);
	CHECK(a.rec->received[0].session == 7);
	CHECK(a.rec->received[1].session == 8);
}
