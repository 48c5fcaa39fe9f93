// arrow_bundles: message arrows that lie within a pixel or two of the one before on the same pair of lanes, drawn as one band.
#pragma once
#include <imgui.h>

#include <cstdint>
#include <unordered_map>
#include <vector>

// Zoomed in, a burst of socket messages from the runtime to the gate is
// hundreds of parallel arrows a pixel apart: to the eye one band, to
// llvmpipe hundreds of long thin triangles, each paid for across every
// 4x4 block of pixels it touches. Arrows are gathered per lane pair and
// colour; a run whose both ends move forward by at most BUNDLE_GAP pixels
// from one arrow to the next is drawn as a filled band edged by its first
// and last arrows, with a head wherever two heads would not touch.
class ArrowBundles {
public:
	static constexpr float BUNDLE_GAP = 2;
	explicit ArrowBundles(ImDrawList *dl) : dl_(dl) {}
	void add(int lane_a, int lane_b, ImVec2 from, ImVec2 to, ImU32 col);
	// Draws what is still open; call once after the last add.
	void flush();
	int arrows = 0, drawn = 0;   // arrows added, and lines or bands drawn for them

private:
	struct Run {
		ImVec2 first_from, first_to, last_from, last_to;
		ImU32 col = 0;
		int n = 0;
		std::vector<float> heads;   // the x of each head drawn at the `to` end
	};
	void draw(const Run &r);
	ImDrawList *dl_;
	std::unordered_map<uint64_t, Run> open_;
};

// A line from `a` to `b` with a head at `b` (a plain line when it is shorter than 4 pixels).
void draw_arrow(ImDrawList *dl, ImVec2 a, ImVec2 b, ImU32 col, float thickness);
// Just the head of such an arrow.
void draw_arrow_head(ImDrawList *dl, ImVec2 a, ImVec2 b, ImU32 col, float thickness);
