// arrow_bundles: message arrows that lie within a pixel or two of the one before on the same pair of lanes, drawn as one band.
#include "viewer/app/arrow_bundles.h"

#include <cmath>

void draw_arrow_head(ImDrawList *dl, ImVec2 a, ImVec2 b, ImU32 col, float thickness)
{
	float dx = b.x - a.x, dy = b.y - a.y;
	float len = std::sqrt(dx * dx + dy * dy);
	if (len < 4)
		return;
	dx /= len, dy /= len;
	float s = 6 + thickness;
	dl->AddTriangleFilled(b, ImVec2(b.x - dx * s - dy * s * 0.5f, b.y - dy * s + dx * s * 0.5f),
		ImVec2(b.x - dx * s + dy * s * 0.5f, b.y - dy * s - dx * s * 0.5f), col);
}

void draw_arrow(ImDrawList *dl, ImVec2 a, ImVec2 b, ImU32 col, float thickness)
{
	dl->AddLine(a, b, col, thickness);
	draw_arrow_head(dl, a, b, col, thickness);
}

void ArrowBundles::add(int lane_a, int lane_b, ImVec2 from, ImVec2 to, ImU32 col)
{
	arrows++;
	uint64_t key = (uint64_t(uint32_t(lane_a)) << 48) ^ (uint64_t(uint32_t(lane_b)) << 32) ^ col;
	auto [it, fresh] = open_.try_emplace(key);
	Run &r = it->second;
	if (!fresh) {
		float d_from = from.x - r.last_from.x, d_to = to.x - r.last_to.x;
		// Forward only: a run that turned back could cross itself, and its band would not cover its arrows.
		bool joins = d_from >= 0 && d_from <= BUNDLE_GAP && d_to >= 0 && d_to <= BUNDLE_GAP && from.y == r.last_from.y && to.y == r.last_to.y;
		if (!joins) {
			draw(r);
			r = Run{};
		}
	}
	if (r.n == 0)
		r.first_from = from, r.first_to = to, r.col = col;
	if (r.heads.empty() || to.x - r.heads.back() >= 6)
		r.heads.push_back(to.x);
	r.last_from = from, r.last_to = to;
	r.n++;
}

void ArrowBundles::draw(const Run &r)
{
	drawn++;
	if (r.n == 1) {
		draw_arrow(dl_, r.first_from, r.first_to, r.col, 1);
		return;
	}
	// The band between the first and the last arrow, hard-edged (its edges
	// are the two arrows' soft lines), then the heads along its end.
	ImDrawListFlags flags = dl_->Flags;
	dl_->Flags &= ~ImDrawListFlags_AntiAliasedFill;
	dl_->AddQuadFilled(r.first_from, r.last_from, r.last_to, r.first_to, r.col);
	dl_->Flags = flags;
	dl_->AddLine(r.first_from, r.first_to, r.col, 1);
	dl_->AddLine(r.last_from, r.last_to, r.col, 1);
	// Each head keeps its own arrow's direction: along the band they are parallel within a pixel or two.
	for (float x : r.heads) {
		ImVec2 to(x, r.first_to.y);
		float along = r.last_to.x > r.first_to.x ? (x - r.first_to.x) / (r.last_to.x - r.first_to.x) : 1;
		ImVec2 from(r.first_from.x + along * (r.last_from.x - r.first_from.x), r.first_from.y);
		draw_arrow_head(dl_, from, to, r.col, 1);
	}
	if (r.heads.back() != r.last_to.x)
		draw_arrow_head(dl_, r.last_from, r.last_to, r.col, 1);
}

void ArrowBundles::flush()
{
	for (auto &[key, r] : open_)
		if (r.n)
			draw(r);
	open_.clear();
}
