// trace_clock: the `t` of every trace event, nanoseconds since start; read from the TSC where the OS clock is slow.
//
// Every traced one-way message reads the clock five times (msg.push,
// msg.begin, co.new, co.exit, msg.end). On this VM (firecracker, booted with
// `tsc=unstable`, clocksource kvm-clock) clock_gettime(CLOCK_MONOTONIC) goes
// through the vDSO's pvclock read and costs 62-203 ns, against 22-52 ns for
// rdtsc (2M-read loops, quiet and loaded host): up to ~1 us of clock per
// traced message, as much as the message itself. So when the OS clock costs
// over twice a rdtsc and the CPU says its TSC is invariant (constant rate,
// running in every power state), the first trace_open maps the TSC to
// nanoseconds once, over 2 ms against the OS clock, and from then on the
// clock is rdtsc and a multiply.
//
// What it costs: the order of events of different threads then trusts the
// TSCs of the CPUs to agree, as they do on invariant-TSC hardware and under
// KVM, which gives every vCPU the same offset (200,000 ping-pongs between the
// two vCPUs of this VM never saw a read go back); and a duration is off by
// the mapping's error, ~1e-4. Where the vDSO answers (a fast OS clock),
// nothing changes.
#include "kernel/trace.h"

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <chrono>
#include <mutex>

#if defined(__x86_64__)
#include <cpuid.h>
#include <x86intrin.h>
#endif

namespace {

const auto clock_start = std::chrono::steady_clock::now();

uint64_t os_clock()
{
	return (uint64_t)std::chrono::duration_cast<std::chrono::nanoseconds>(
		std::chrono::steady_clock::now() - clock_start).count();
}

// ns = ns0 + ((tsc - tsc0) * mult) >> 32, set once before use_tsc.
struct tsc_map {
	uint64_t tsc0 = 0, ns0 = 0, mult = 0;
};
tsc_map map;
std::atomic<bool> use_tsc{false};
std::once_flag chosen;

#if defined(__x86_64__)
bool invariant_tsc()
{
	unsigned a, b, c, d;
	if (!__get_cpuid(0x80000000, &a, &b, &c, &d) || a < 0x80000007)
		return false;
	__get_cpuid(0x80000007, &a, &b, &c, &d);
	return (d >> 8) & 1;
}

// Whether the OS clock costs more than twice a rdtsc (a TSC-based vDSO read
// is a rdtsc and ~10 ns; a system call, or kvm-clock's pvclock here, 60-200
// ns depending on the host's load, against 22-52 for rdtsc).
bool os_clock_slow()
{
	const int reads = 256;
	uint64_t from = os_clock();
	for (int i = 0; i < reads; i++)
		os_clock();
	uint64_t os_cost = os_clock() - from;
	uint64_t sink = 0;
	from = os_clock();
	for (int i = 0; i < reads; i++)
		sink += __rdtsc();
	uint64_t tsc_cost = os_clock() - from + (sink & 1); // sink: the reads are used
	return os_cost > 2 * tsc_cost;
}

// One (tsc, ns) pair, the TSC taken on both sides of the OS read so that
// the pair's error is half the read's length.
void pair_now(uint64_t &tsc, uint64_t &ns)
{
	uint64_t before = __rdtsc();
	ns = os_clock();
	tsc = before + (__rdtsc() - before) / 2;
}

// Opt-in (SKYGLASS_TSC_CLOCK=1) for now: under a loaded CI the 2 ms
// calibration was off by over 1% and ASan runs saw reads go back across
// threads (test_trace_format's [clock] case), so the default is the OS clock.
void choose()
{
	const char *opt = std::getenv("SKYGLASS_TSC_CLOCK");
	if (opt == nullptr || std::strcmp(opt, "1") != 0)
		return;
	if (!invariant_tsc() || !os_clock_slow())
		return;
	uint64_t tsc_a, ns_a, tsc_b, ns_b;
	pair_now(tsc_a, ns_a);
	do
		pair_now(tsc_b, ns_b);
	while (ns_b - ns_a < 2'000'000);
	if (tsc_b <= tsc_a)
		return;
	map.mult = (uint64_t)(((unsigned __int128)(ns_b - ns_a) << 32) / (tsc_b - tsc_a));
	map.tsc0 = tsc_b;
	map.ns0 = ns_b;
	use_tsc.store(true, std::memory_order_release);
}
#else
void choose() {}
#endif

} // namespace

void trace_clock_choose() { std::call_once(chosen, choose); }

uint64_t trace_clock()
{
#if defined(__x86_64__)
	if (use_tsc.load(std::memory_order_acquire)) {
		// lfence: rdtsc is not ordered after the loads before it, so a read
		// could be taken before a value another thread published was seen.
		_mm_lfence();
		int64_t d = (int64_t)(__rdtsc() - map.tsc0);
		// A CPU whose read lands just before the mapping's own: count it as 0.
		return map.ns0 + (d > 0 ? (uint64_t)(((unsigned __int128)d * map.mult) >> 32) : 0);
	}
#endif
	return os_clock();
}
