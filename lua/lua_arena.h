// lua_arena: a small-object pool owned by one Lua state (what each service's allocator draws from).
//
// A Lua state is thousands of small blocks: strings, tables, closures,
// upvalues, prototypes. glibc's malloc puts an 8-byte header on each and
// rounds it up to 16 bytes (32 at least), which for an idle service was
// ~28% on top of what Lua asked for (docs/benchmarks.md, "Where a service's
// memory goes"). Here blocks of up to ARENA_SMALL_MAX bytes are carved,
// headerless and rounded to 8 bytes, from pages of ARENA_PAGE bytes that the
// state owns; a freed block goes on a free list of its size class and is the
// next one handed out of that size. Lua always says how big a block it frees
// (`osize`), so the arena needs no per-block bookkeeping at all.
//
// What it buys: an idle service's RSS ~25 KiB smaller, and creating and
// killing a service faster (a page is one malloc for ~100 blocks; closing a
// state drops its pages without visiting the blocks one by one).
// What it costs: a state's small blocks stay in its own pages until the state
// is closed: memory a service freed is reused by that service only, never by
// another (a service that once held 10 MB of small tables keeps those pages
// while it lives). Bigger blocks (table parts, bytecode arrays, long strings)
// go to malloc as before, and so does everything under AddressSanitizer.
//
// Blocks are 8-byte aligned (malloc gives 16): enough for every Lua object
// (LUAI_MAXALIGN is a double, a pointer or a 64-bit integer) and for the C++
// objects the bindings keep in userdata; an over-aligned type (alignas(16) or
// more) must not be placed in a small userdata.
//
// One arena belongs to one state, which only one worker runs at a time:
// nothing here is locked.
#pragma once
#include <cstddef>

constexpr size_t ARENA_GRAIN = 8;
constexpr size_t ARENA_SMALL_MAX = 256;
constexpr size_t ARENA_PAGE = 4096;

struct lua_arena {
	void *free_list[ARENA_SMALL_MAX / ARENA_GRAIN] = {};
	char *bump = nullptr;     // the unused rest of the newest page
	char *bump_end = nullptr;
	void *pages = nullptr;    // every page, linked through its first word
	size_t page_count = 0;
	bool closing = false;     // lua_close is freeing everything: skip the free lists
};

// Under AddressSanitizer every block goes to malloc, so that ASan still sees
// each Lua block's bounds and lifetime (a pool would hide overruns and
// use-after-free inside its pages).
#if defined(__SANITIZE_ADDRESS__)
constexpr bool ARENA_POOLED = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool ARENA_POOLED = false;
#else
constexpr bool ARENA_POOLED = true;
#endif
#else
constexpr bool ARENA_POOLED = true;
#endif

// Lua's allocator contract (lua_Alloc) on an arena: nsize 0 frees, ptr null allocates.
void *arena_realloc(lua_arena &a, void *ptr, size_t osize, size_t nsize);
// Give every page back (after lua_close).
void arena_release(lua_arena &a);

// A small block from a free list or the page being carved, else null (the
// caller then takes arena_alloc's way, which may need a new page). Inline,
// with arena_free_small: creating and killing a service allocates and frees
// ~2,500 blocks each way, and the out-of-line arena_realloc was ~8% of a
// create+kill's instructions (callgrind, docs/benchmarks.md); snlua_alloc
// calls these two first.
inline void *arena_alloc_small(lua_arena &a, size_t size)
{
	if (!ARENA_POOLED || size > ARENA_SMALL_MAX)
		return nullptr;
	size_t cls = (size - 1) / ARENA_GRAIN;
	if (void *p = a.free_list[cls]) {
		a.free_list[cls] = *static_cast<void **>(p);
		return p;
	}
	// A new state's free lists are empty: most of its blocks come from the
	// page being carved.
	size_t rounded = (cls + 1) * ARENA_GRAIN;
	if (size_t(a.bump_end - a.bump) < rounded)
		return nullptr;
	void *p = a.bump;
	a.bump += rounded;
	return p;
}

// Frees a small block (true), or does nothing for a large one (false). While
// closing, a small block stays where it is (its page goes in arena_release).
inline bool arena_free_small(lua_arena &a, void *p, size_t size)
{
	if (!ARENA_POOLED || size == 0 || size > ARENA_SMALL_MAX)
		return false;
	if (!a.closing) {
		size_t cls = (size - 1) / ARENA_GRAIN;
		*static_cast<void **>(p) = a.free_list[cls];
		a.free_list[cls] = p;
	}
	return true;
}

// A new block of `size` bytes (not 0).
inline void *arena_alloc(lua_arena &a, size_t size)
{
	if (void *p = arena_alloc_small(a, size))
		return p;
	return arena_realloc(a, nullptr, 0, size);
}

// Free a block Lua says is `size` bytes.
inline void arena_free(lua_arena &a, void *p, size_t size)
{
	if (!arena_free_small(a, p, size))
		arena_realloc(a, p, size, 0);
}
