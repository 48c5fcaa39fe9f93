// trace_digits: integers to decimal text, two digits per step, for the trace writer's numbers.
#pragma once
#include <cstdint>
#include <cstring>

// The trace writer formats ~23 numbers per traced one-way message, most of
// them one or two digits (handles, sessions, types), five of them 10-12
// digit timestamps. std::to_chars counts digits and pays a call for every
// one of them; these stay inline, answer numbers below 100 with one branch
// and write the rest two digits per division (a multiply the compiler makes
// of `/ 100`).
namespace trace_digits {

inline constexpr char pairs[] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

// How many decimal digits v has (1 for 0).
[[gnu::always_inline]] inline int count(uint64_t v)
{
	int n = 1;
	for (;;) {
		if (v < 10)
			return n;
		if (v < 100)
			return n + 1;
		if (v < 1000)
			return n + 2;
		if (v < 10000)
			return n + 3;
		v /= 10000;
		n += 4;
	}
}

// Writes v at p (no terminator); returns the end. At most 20 bytes.
[[gnu::always_inline]] inline char *unsigned_at(char *p, uint64_t v)
{
	if (v < 100) {
		if (v < 10) {
			*p = char('0' + v);
			return p + 1;
		}
		memcpy(p, pairs + 2 * v, 2);
		return p + 2;
	}
	char *end = p + count(v);
	char *q = end;
	while (v >= 100) {
		q -= 2;
		memcpy(q, pairs + 2 * (v % 100), 2);
		v /= 100;
	}
	if (v >= 10)
		memcpy(q - 2, pairs + 2 * v, 2);
	else
		q[-1] = char('0' + v);
	return end;
}

// At most 20 bytes, the sign included.
[[gnu::always_inline]] inline char *signed_at(char *p, int64_t v)
{
	if (v >= 0)
		return unsigned_at(p, uint64_t(v));
	*p = '-';
	return unsigned_at(p + 1, 0 - uint64_t(v));
}

// Exactly four digits, zero-padded (v < 10000).
[[gnu::always_inline]] inline char *four_at(char *p, uint32_t v)
{
	memcpy(p, pairs + 2 * (v / 100), 2);
	memcpy(p + 2, pairs + 2 * (v % 100), 2);
	return p + 4;
}

} // namespace trace_digits
