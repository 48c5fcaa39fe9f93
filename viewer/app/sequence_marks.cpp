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
