// lua_arena: a small-object pool owned by one Lua state (see lua_arena.h for what it buys and costs).
#include "lua/lua_arena.h"

#include <cstdlib>
#include <cstring>

namespace {

bool is_small(size_t size) { return ARENA_POOLED && size != 0 && size <= ARENA_SMALL_MAX; }

// The size class of a small block: 1..8 bytes is class 0, 9..16 class 1, ...
size_t size_class(size_t size) { return (size - 1) / ARENA_GRAIN; }

void *small_alloc(lua_arena &a, size_t size)
{
	size_t cls = size_class(size);
	if (void *p = a.free_list[cls]) {
		a.free_list[cls] = *static_cast<void **>(p);
		return p;
	}
	size_t rounded = (cls + 1) * ARENA_GRAIN;
	if (size_t(a.bump_end - a.bump) < rounded) {
		auto *page = static_cast<char *>(malloc(ARENA_PAGE));
		if (page == nullptr)
			return nullptr;
		// The old page's tail becomes a free block of the size it has.
		size_t rest = size_t(a.bump_end - a.bump);
		if (rest >= ARENA_GRAIN) {
			size_t rest_cls = rest / ARENA_GRAIN - 1;
			*reinterpret_cast<void **>(a.bump) = a.free_list[rest_cls];
			a.free_list[rest_cls] = a.bump;
		}
		*reinterpret_cast<void **>(page) = a.pages;
		a.pages = page;
		a.page_count++;
		// The link takes one grain; blocks start 8-aligned after it, as
		// malloc's 16-byte alignment is more than any Lua object needs.
		a.bump = page + ARENA_GRAIN;
		a.bump_end = page + ARENA_PAGE;
	}
	void *p = a.bump;
	a.bump += rounded;
	return p;
}

void small_free(lua_arena &a, void *p, size_t size)
{
	if (a.closing)
		return; // the whole page goes in arena_release
	size_t cls = size_class(size);
	*static_cast<void **>(p) = a.free_list[cls];
	a.free_list[cls] = p;
}

} // namespace

void *arena_realloc(lua_arena &a, void *ptr, size_t osize, size_t nsize)
{
	if (ptr == nullptr)
		osize = 0; // Lua passes the new object's type there, not a size
	if (nsize == 0) {
		if (is_small(osize))
			small_free(a, ptr, osize);
		else
			free(ptr);
		return nullptr;
	}
	if (!is_small(nsize)) {
		if (!is_small(osize))
			return realloc(ptr, nsize); // large to large (or new large)
		void *p = malloc(nsize);
		if (p != nullptr) {
			memcpy(p, ptr, osize);
			small_free(a, ptr, osize);
		}
		return p;
	}
	if (ptr != nullptr && is_small(osize) && size_class(osize) == size_class(nsize))
		return ptr; // the block already has room
	void *p = small_alloc(a, nsize);
	if (p != nullptr && ptr != nullptr) {
		memcpy(p, ptr, osize < nsize ? osize : nsize);
		if (is_small(osize))
			small_free(a, ptr, osize);
		else
			free(ptr);
	}
	return p;
}

void arena_release(lua_arena &a)
{
	while (a.pages != nullptr) {
		void *next = *static_cast<void **>(a.pages);
		free(a.pages);
		a.pages = next;
	}
	a.page_count = 0;
	a.bump = a.bump_end = nullptr;
	for (void *&head : a.free_list)
		head = nullptr;
}
