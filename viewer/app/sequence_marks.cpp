// sequence_marks: the shapes and colours the sequence chart puts on a lane, and the legend that names them.
#include "viewer/app/sequence_marks.h"

#include "viewer/app/colors.h"

ImU32 mark_color(const TraceModel &m, const Event &ev)
{
	switch (ev.kind) {
	case Kind::co_suspend: case Kind::co_resume: return colors::suspend;
	case Kind::co_new: case Kind::co_exit: return IM_COL32(200, 150, 255, 255);
	case Kind::sock_poll: case Kind::sock_fwd: case Kind::sock_lua: case Kind::netpack: return colors::socket;
	case Kind::log: return IM_COL32(235, 235, 235, 255);
	case Kind::timer: return IM_COL32(120, 220, 220, 255);
	case Kind::msg_drop: case Kind::trace_drop: return colors::drop;
	default: return colors::other;
	}
}

void draw_cross(ImDrawList *dl, ImVec2 p, ImU32 col)
{
	dl->AddLine(ImVec2(p.x - 5, p.y - 5), ImVec2(p.x + 5, p.y + 5), col, 2.5f);
	dl->AddLine(ImVec2(p.x - 5, p.y + 5), ImVec2(p.x + 5, p.y - 5), col, 2.5f);
}

void draw_mark(ImDrawList *dl, const Event &ev, ImVec2 p, ImU32 col)
{
	switch (ev.kind) {
	case Kind::co_suspend:   // a down triangle: the coroutine goes to sleep
		dl->AddTriangleFilled(ImVec2(p.x - 5, p.y - 11), ImVec2(p.x + 5, p.y - 11), ImVec2(p.x, p.y - 3), col);
		break;
	case Kind::co_resume:    // an up triangle: it wakes
		dl->AddTriangleFilled(ImVec2(p.x - 5, p.y + 11), ImVec2(p.x + 5, p.y + 11), ImVec2(p.x, p.y + 3), col);
		break;
	case Kind::sock_poll: case Kind::sock_fwd: case Kind::sock_lua: case Kind::netpack:
		dl->AddQuadFilled(ImVec2(p.x, p.y - 5), ImVec2(p.x + 5, p.y), ImVec2(p.x, p.y + 5), ImVec2(p.x - 5, p.y), col);
		break;
	case Kind::msg_drop: case Kind::trace_drop:
		draw_cross(dl, p, col);
		break;
	default:
		dl->AddCircleFilled(p, 3, col, 8);
		break;
	}
}

// Which shape draw_mark gives a kind: marks of one shape may share a run.
static int shape_of(Kind k)
{
	switch (k) {
	case Kind::co_suspend: return 1;
	case Kind::co_resume: return 2;
	case Kind::sock_poll: case Kind::sock_fwd: case Kind::sock_lua: case Kind::netpack: return 3;
	case Kind::msg_drop: case Kind::trace_drop: return 5;
	default: return 4;
	}
}

void MarkRuns::add(int lane, const Event &ev, ImVec2 p, ImU32 col)
{
	marks++;
	int shape = shape_of(ev.kind);
	if (shape == 5) {   // a drop stays a cross of its own: it must never hide in a bar
		draw_mark(dl_, ev, p, col);
		drawn++;
		return;
	}
	uint64_t key = (uint64_t(uint32_t(lane)) << 40) ^ (uint64_t(shape) << 32) ^ col;
	auto [it, fresh] = open_.try_emplace(key);
	Run &r = it->second;
	if (!fresh && (p.x < r.x1 || p.x - r.x1 > MARK_GAP || p.y != r.y)) {
		draw(r);
		r = Run{};
	}
	if (r.n == 0)
		r.first = ev, r.y = p.y, r.x0 = p.x, r.col = col;
	r.x1 = p.x;
	r.n++;
}

void MarkRuns::draw(const Run &r)
{
	drawn++;
	float a = r.x0, b = r.x1, y = r.y;
	if (r.n == 1 || b - a < 0.5f) {
		draw_mark(dl_, r.first, ImVec2(a, y), r.col);
		return;
	}
	// Each the outline of its marks side by side, in draw_mark's point order.
	switch (shape_of(r.first.kind)) {
	case 1: {
		ImVec2 pts[] = {ImVec2(a - 5, y - 11), ImVec2(b + 5, y - 11), ImVec2(b, y - 3), ImVec2(a, y - 3)};
		dl_->AddConvexPolyFilled(pts, 4, r.col);
		break;
	}
	case 2: {
		ImVec2 pts[] = {ImVec2(a - 5, y + 11), ImVec2(b + 5, y + 11), ImVec2(b, y + 3), ImVec2(a, y + 3)};
		dl_->AddConvexPolyFilled(pts, 4, r.col);
		break;
	}
	case 3: {
		ImVec2 pts[] = {ImVec2(a, y - 5), ImVec2(b, y - 5), ImVec2(b + 5, y), ImVec2(b, y + 5), ImVec2(a, y + 5), ImVec2(a - 5, y)};
		dl_->AddConvexPolyFilled(pts, 6, r.col);
		break;
	}
	default:
		dl_->AddRectFilled(ImVec2(a - 3, y - 3), ImVec2(b + 3, y + 3), r.col, 3);
		break;
	}
}

void MarkRuns::flush()
{
	for (auto &[key, r] : open_)
		if (r.n)
			draw(r);
	open_.clear();
}

// What each colour and shape means, in a strip of its own under the lanes
// (never over the last one), in as many rows as the width `x0..x1` needs.
struct LegendItem { ImU32 col; int shape; const char *text; };   // 0 line, 1 ▼, 2 ▲, 3 ◆, 4 ●, 5 ✕, 6 box
static const LegendItem LEGEND[] = {
	{colors::request, 0, "request"}, {colors::response, 0, "response"}, {colors::socket, 0, "socket msg"},
	{colors::error, 0, "error"}, {colors::suspend, 1, "suspend"}, {colors::suspend, 2, "resume"},
	{IM_COL32(230, 120, 230, 150), 0, "waiting"}, {colors::socket, 3, "socket event"},
	{IM_COL32(200, 160, 90, 200), 6, "dispatch"}, {IM_COL32(235, 235, 235, 255), 4, "log/timer"}, {colors::drop, 5, "drop"},
};

static float legend_width(const LegendItem &it) { return 28 + ImGui::CalcTextSize(it.text).x; }

int legend_rows(float x0, float x1)
{
	int rows = 1;
	float x = x0;
	for (const LegendItem &it : LEGEND) {
		if (x + legend_width(it) > x1 && x > x0)
			rows++, x = x0;
		x += legend_width(it);
	}
	return rows;
}

void legend(ImDrawList *dl, float x0, float x1, float y)
{
	const float row_h = ImGui::GetFontSize() + 4;
	float x = x0;
	for (const LegendItem &it : LEGEND) {
		if (x + legend_width(it) > x1 && x > x0)
			y += row_h, x = x0;
		ImVec2 c(x + 7, y + row_h / 2);
		switch (it.shape) {
		case 0: dl->AddLine(ImVec2(x, c.y), ImVec2(x + 14, c.y), it.col, 2); break;
		case 1: dl->AddTriangleFilled(ImVec2(c.x - 5, c.y - 4), ImVec2(c.x + 5, c.y - 4), ImVec2(c.x, c.y + 4), it.col); break;
		case 2: dl->AddTriangleFilled(ImVec2(c.x - 5, c.y + 4), ImVec2(c.x + 5, c.y + 4), ImVec2(c.x, c.y - 4), it.col); break;
		case 3: dl->AddQuadFilled(ImVec2(c.x, c.y - 5), ImVec2(c.x + 5, c.y), ImVec2(c.x, c.y + 5), ImVec2(c.x - 5, c.y), it.col); break;
		case 4: dl->AddCircleFilled(c, 3, it.col, 8); break;
		case 5: draw_cross(dl, c, it.col); break;
		case 6: dl->AddRectFilled(ImVec2(x, c.y - 4), ImVec2(x + 14, c.y + 4), it.col); break;
		}
		dl->AddText(ImVec2(x + 18, y + 2), colors::text_dim, it.text);
		x += legend_width(it);
	}
}
