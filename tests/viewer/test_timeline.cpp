// test_timeline: the time axis stays bounded and exact whatever a trace's times are (issue 8 item 6).
#include "viewer/app/timeline.h"

#include <catch2/catch.hpp>

#include <cstdint>

static TimeAxis axis_of(int64_t t0, int64_t t1, int64_t origin)
{
	TimeAxis a;
	a.x0 = 160;
	a.x1 = 1160;
	a.t0 = t0;
	a.t1 = t1;
	a.origin = origin;
	return a;
}

TEST_CASE("zoomed to 100 ns at 9e18, the axis has a few ticks, not an endless loop")
{
	// Near 9e18 a double's grain is 1 µs: t + 20 == t, so stepping by 20 never ends.
	TimeAxis a = axis_of(9000000000000000000, 9000000000000000100, 0);
	double step = 0;
	std::vector<double> ticks = timeline_ticks(a, step);
	REQUIRE(ticks.size() <= size_t(1000 / 50 + 3));
	REQUIRE(step > 0);
}

TEST_CASE("the whole int64 range in view gives ticks in order and a finite mapping")
{
	TimeAxis a = axis_of(INT64_MIN + 1, INT64_MAX, INT64_MIN + 1);
	double step = 0;
	std::vector<double> ticks = timeline_ticks(a, step);
	REQUIRE(!ticks.empty());
	REQUIRE(ticks.size() <= size_t(1000 / 50 + 3));
	for (size_t i = 1; i < ticks.size(); i++)
		REQUIRE(ticks[i] > ticks[i - 1]);
	// t - t0 overflows int64 here; the mapping works in doubles and stays on screen.
	REQUIRE(a.x(INT64_MAX) == Approx(1160).margin(1));
	REQUIRE(a.x(INT64_MIN + 1) == Approx(160).margin(1));
}

TEST_CASE("an ordinary view: a tick every 100 pixels or so, from the origin")
{
	TimeAxis a = axis_of(1000, 1001000, 1000);   // 1 ms over 1000 px
	double step = 0;
	std::vector<double> ticks = timeline_ticks(a, step);
	REQUIRE(step == 100000);
	REQUIRE(ticks.front() == 0);
	REQUIRE(ticks.size() == 11);
}

TEST_CASE("a view set past int64's ends saturates instead of wrapping")
{
	ViewState v;
	timeline_set(v, INT64_MAX - 10, 0.5, 1e30);
	REQUIRE(v.view_t1 > v.view_t0);
	REQUIRE(double(v.view_t1) - double(v.view_t0) <= TIMELINE_MAX_SPAN + 1e6);
	timeline_set(v, INT64_MIN + 10, 0.5, 50);
	REQUIRE(v.view_t1 - v.view_t0 >= 100);
}
