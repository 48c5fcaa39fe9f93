// chart_cache: the sequence chart's strips, arrows and marks kept as vertices between frames, rebuilt only when the view or the trace changes.
// Zoomed out on the 2-million-event gate trace, building the chart is a
// gallop through every lane per pixel column (the density strips) and a
// bucketing of every edge's messages: a few milliseconds of our own CPU a
// frame for a picture that a hover, the play cursor or a click elsewhere does
// not change. The vertices go to llvmpipe as before, so the pixels are the
// same; only the building is skipped. (A texture of the chart was tried:
// llvmpipe spends as long copying a chart-sized texture as drawing the chart.)
#include "viewer/app/chart_cache.h"

#include "viewer/app/frame_report.h"

#include <cstring>
#include <unordered_map>

namespace {

struct Cache {
	ChartKey key;
	enum State { None, Kept, Direct } state = None;   // Direct: too big to keep, drawn each frame
	ImVector<ImDrawVert> vtx;
	ImVector<ImDrawIdx> idx;            // from 0: offset on each copy
	std::vector<ReportTarget> targets;  // what the draw reported
	int arrows = 0, arrow_draws = 0, merged_arrows = 0, marks = 0, mark_draws = 0;
};

std::unordered_map<ImGuiID, Cache> &caches()
{
	static std::unordered_map<ImGuiID, Cache> all;
	return all;
}

bool last_hit = false;

// Draws into a list of its own and keeps its one command's vertices; false
// when they do not fit one command (past 64k vertices ImGui starts another).
bool build(Cache &c, ImDrawList *target, const std::function<void(ImDrawList *)> &draw)
{
	FrameReport &r = frame_report();
	size_t first_target = r.targets.size();
	int arrows = r.arrows, arrow_draws = r.arrow_draws, merged = r.merged_arrows, marks = r.marks, mark_draws = r.mark_draws;
	// The same texture, clip and flags as where it is copied to: a shape's
	// vertices depend on them (soft edges, the font atlas's white pixel).
	ImDrawList list(ImGui::GetDrawListSharedData());
	list._ResetForNewFrame();
	list.Flags = target->Flags;
	list.PushTextureID(target->_CmdHeader.TextureId);
	const ImVec4 &clip = target->_CmdHeader.ClipRect;
	list.PushClipRect(ImVec2(clip.x, clip.y), ImVec2(clip.z, clip.w));
	draw(&list);
	list._PopUnusedDrawCmd();
	c.targets.assign(r.targets.begin() + std::ptrdiff_t(first_target), r.targets.end());
	c.arrows = r.arrows - arrows, c.arrow_draws = r.arrow_draws - arrow_draws, c.merged_arrows = r.merged_arrows - merged;
	c.marks = r.marks - marks, c.mark_draws = r.mark_draws - mark_draws;
	if (list.CmdBuffer.Size > 1)
		return false;
	c.vtx.swap(list.VtxBuffer);
	c.idx.swap(list.IdxBuffer);
	return true;
}

// The copy, as ImGui's own shapes write themselves: reserve, then vertices
// and indices past the list's current vertex.
void copy(const Cache &c, ImDrawList *target)
{
	if (c.idx.Size == 0)
		return;
	target->PrimReserve(c.idx.Size, c.vtx.Size);
	std::memcpy(target->_VtxWritePtr, c.vtx.Data, size_t(c.vtx.Size) * sizeof(ImDrawVert));
	ImDrawIdx base = ImDrawIdx(target->_VtxCurrentIdx);
	for (int i = 0; i < c.idx.Size; i++)
		target->_IdxWritePtr[i] = ImDrawIdx(c.idx.Data[i] + base);
	target->_VtxWritePtr += c.vtx.Size;
	target->_IdxWritePtr += c.idx.Size;
	target->_VtxCurrentIdx += unsigned(c.vtx.Size);
}

} // namespace

bool chart_cache_hit() { return last_hit; }

void chart_cached(ImDrawList *target, ImGuiID id, const ChartKey &key, const std::function<void(ImDrawList *)> &draw)
{
	Cache &c = caches()[id];
	bool same = c.state != Cache::None && key == c.key;
	last_hit = same && c.state == Cache::Kept;
	if (last_hit) {
		FrameReport &r = frame_report();
		r.targets.insert(r.targets.end(), c.targets.begin(), c.targets.end());
		r.arrows += c.arrows, r.arrow_draws += c.arrow_draws, r.merged_arrows += c.merged_arrows;
		r.marks += c.marks, r.mark_draws += c.mark_draws;
		copy(c, target);
		return;
	}
	if (same) {
		draw(target);
		return;
	}
	c.key = key;
	if (build(c, target, draw)) {
		c.state = Cache::Kept;
		copy(c, target);
		return;
	}
	// More than one command's vertices (past 64k): drawn straight in from
	// now on, until the key changes; this frame's report from the build stands.
	c.state = Cache::Direct;
	c.vtx.clear();
	c.idx.clear();
	draw(target);
	FrameReport &r = frame_report();
	r.targets.resize(r.targets.size() - c.targets.size());
	r.arrows -= c.arrows, r.arrow_draws -= c.arrow_draws, r.merged_arrows -= c.merged_arrows;
	r.marks -= c.marks, r.mark_draws -= c.mark_draws;
}
