// colors: one colour per service and per kind of mark, so a service looks the same in every panel.
#pragma once
#include <imgui.h>

#include <cstdint>

// A stable, well-spread hue per handle (golden-ratio steps around the wheel).
inline ImU32 service_color(uint32_t handle, float alpha = 1.0f)
{
	if (handle == 0)
		return ImColor(0.6f, 0.6f, 0.6f, alpha);
	float h = float(handle) * 0.618034f;
	h -= float(int(h));
	return ImColor::HSV(h, 0.55f, 0.9f, alpha);
}

namespace colors {
constexpr ImU32 request = IM_COL32(90, 160, 255, 255);
constexpr ImU32 response = IM_COL32(90, 220, 130, 255);
constexpr ImU32 socket = IM_COL32(255, 170, 60, 255);
constexpr ImU32 other = IM_COL32(190, 190, 190, 255);
constexpr ImU32 error = IM_COL32(255, 80, 80, 255);
constexpr ImU32 drop = IM_COL32(255, 120, 40, 255);     // an X mark: never mistaken for the red time cursor
constexpr ImU32 selected = IM_COL32(255, 230, 60, 255);
constexpr ImU32 cursor = IM_COL32(255, 70, 70, 220);
constexpr ImU32 suspend = IM_COL32(230, 120, 230, 255);
constexpr ImU32 lane_a = IM_COL32(32, 34, 40, 255);
constexpr ImU32 lane_b = IM_COL32(38, 40, 48, 255);
constexpr ImU32 text_dim = IM_COL32(150, 150, 160, 255);
constexpr ImU32 cross_node = IM_COL32(0, 230, 230, 255);   // a cluster request or response between two nodes' charts
} // namespace colors

// The colour of a message arrow by protocol type.
inline ImU32 message_color(int type)
{
	switch (type) {
	case 1: return colors::response;
	case 6: return colors::socket;
	case 7: return colors::error;
	case 10: case 0: case 11: return colors::request;
	default: return colors::other;
	}
}
