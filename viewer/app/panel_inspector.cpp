// panel_inspector: every field of the selected event, and the events joined to it, each a click away.
#include "viewer/app/colors.h"
#include "viewer/app/describe.h"
#include "viewer/app/frame_report.h"
#include "viewer/app/panels.h"
#include "trace/json_line.h"

namespace {

// A row that jumps to a joined event.
void jump(ViewState &v, const TraceModel &m, const char *what, EventId e, int64_t from)
{
	if (e == NO_EVENT) {
		ImGui::TextDisabled("%s: not in the trace (yet)", what);
		return;
	}
	ImGui::PushID(what);
	char label[160];
	std::snprintf(label, sizeof label, "%s  %s  (%s%s)", what, std::string(m.ev_name(e)).c_str(),
		m.event(e).t >= from ? "+" : "", format_duration(m.event(e).t - from).c_str());
	if (ImGui::Selectable(label, e == v.selected))
		view_select(v, m, e);
	ImGui::PopID();
}

// A titled rule between groups (1.86 has no SeparatorText).
void section(const char *title)
{
	ImGui::Spacing();
	ImGui::TextDisabled("%s", title);
	ImGui::Separator();
}

bool is_handle_key(std::string_view k)
{
	return k == "h" || k == "src" || k == "dst" || k == "owner";
}

// A log event's text, decoded from its line.
std::string log_text(const TraceModel &m, EventId e)
{
	JsonObject obj;
	std::string error;
	const JsonValue *text = json_line_parse(m.raw(e), obj, error) ? obj.find("text") : nullptr;
	return text ? json_value_text(*text) : std::string();
}

// skynet.trace: each step of a traced task logs "<TRACE tag> ns what ..."
// (lua/lualib/skynet/trace.lua, skynet's format). The tag of a log event, or "".
std::string trace_tag_of_log(const TraceModel &m, EventId e)
{
	if (m.event(e).kind != Kind::log)
		return {};
	std::string_view raw = m.raw(e);
	if (raw.find("<TRACE ") == std::string_view::npos)
		return {};   // cheap test first: most logs are not trace steps
	std::string t = log_text(m, e);
	size_t close = t.find('>');
	if (t.rfind("<TRACE ", 0) != 0 || close == std::string::npos)
		return {};
	return t.substr(7, close - 7);
}

// The skynet.trace tag of the selected event: its own (a trace step), or one
// logged by the service while it dispatched the selected event's message.
std::string trace_tag_of(const TraceModel &m, EventId e, int mi)
{
	std::string tag = trace_tag_of_log(m, e);
	if (!tag.empty() || mi < 0)
		return tag;
	const Message &msg = m.messages()[mi];
	if (msg.begin == NO_EVENT || msg.end == NO_EVENT)
		return {};
	int s = m.service_index(m.event(msg.begin).h);
	if (s < 0)
		return {};
	const std::vector<EventId> &events = m.services()[s].events;
	int64_t t1 = m.event(msg.end).t;
	for (size_t i = m.lower_bound(events, m.event(msg.begin).t); i < events.size() && m.event(events[i]).t <= t1; i++)
		if (std::string t = trace_tag_of_log(m, events[i]); !t.empty())
			return t;
	return {};
}

// Every step logged under `tag`, across services, by time (kept while the
// tag and the trace stay the same: it is a scan of the whole trace).
const std::vector<EventId> &trace_steps(const TraceModel &m, const std::string &tag)
{
	static std::string cached_tag;
	static size_t cached_size = 0;
	static const TraceModel *cached_model = nullptr;
	static std::vector<EventId> steps;
	if (tag != cached_tag || m.size() != cached_size || &m != cached_model) {
		cached_tag = tag, cached_size = m.size(), cached_model = &m;
		steps.clear();
		for (size_t r = 0; r < m.size(); r++)
			if (EventId x = m.at_rank(r); m.event(x).kind == Kind::log && trace_tag_of_log(m, x) == tag)
				steps.push_back(x);
	}
	return steps;
}

} // namespace

void panel_inspector(ViewState &v, const TraceModel &m)
{
	if (v.selected == NO_EVENT || v.selected >= m.size()) {
		ImGui::TextDisabled("Select an event: click a mark in the sequence chart,");
		ImGui::TextDisabled("a row in the event list, or press the right arrow.");
		return;
	}
	EventId e = v.selected;
	const Event &ev = m.event(e);
	ImGui::TextColored(ImVec4(1, 0.9f, 0.3f, 1), "%s", std::string(m.ev_name(e)).c_str());
	ImGui::SameLine();
	ImGui::TextDisabled("event %u, line %u", e, ev.line);
	ImGui::TextWrapped("%s", describe_event(m, e).c_str());
	ImGui::Text("t = %s  (+%s)", format_time(ev.t).c_str(), format_duration(ev.t - m.first_time()).c_str());
	ImGui::Separator();

	// Every field as written, unknown ones included.
	JsonObject obj;
	std::string error;
	if (json_line_parse(m.raw(e), obj, error) &&
		ImGui::BeginTable("fields", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp)) {
		ImGui::TableSetupColumn("field", 0, 0.35f);
		ImGui::TableSetupColumn("value", 0, 1.0f);
		for (int i = 0; i < obj.count; i++) {
			const JsonField &f = obj.fields[i];
			ImGui::TableNextRow();
			ImGui::TableNextColumn();
			ImGui::TextUnformatted(f.key.data(), f.key.data() + f.key.size());
			ImGui::TableNextColumn();
			std::string value = json_value_text(f.value);
			if (is_handle_key(f.key) && f.value.type == JsonValue::Int)
				value = format_handle(uint32_t(f.value.i)) + "  " + m.service_label(uint32_t(f.value.i));
			else if (f.key == "type" && f.value.type == JsonValue::Int)
				value += ev.kind == Kind::sock_fwd ? "  " + std::string(socket_type_name(int(f.value.i)))
								  : "  " + std::string(ptype_name(int(f.value.i)));
			ImGui::TextWrapped("%s", value.c_str());
		}
		ImGui::EndTable();
	}

	// What this event is joined to.
	int mi = m.message_of(e);
	if (mi >= 0) {
		const Message &msg = m.messages()[mi];
		section("message");
		ImGui::Text("%s -> %s, %s, session %d", m.service_label(msg.src).c_str(), m.service_label(msg.dst).c_str(),
			std::string(ptype_name(msg.type)).c_str(), msg.session);
		if (msg.label)
			ImGui::Text("called %s by its receiver", std::string(m.word(msg.label)).c_str());
		if (msg.push != NO_EVENT && msg.begin != NO_EVENT)
			ImGui::Text("waited in the queue %s", format_duration(m.event(msg.begin).t - m.event(msg.push).t).c_str());
		if (msg.begin != NO_EVENT && msg.end != NO_EVENT)
			ImGui::Text("dispatch took %s", format_duration(m.event(msg.end).t - m.event(msg.begin).t).c_str());
		if (msg.fwd != NO_EVENT)
			jump(v, m, "forwarded by", msg.fwd, ev.t);
		jump(v, m, "pushed", msg.push, ev.t);
		jump(v, m, "dispatch begins", msg.begin, ev.t);
		jump(v, m, "dispatch ends", msg.end, ev.t);
		if (msg.drop != NO_EVENT)
			jump(v, m, "dropped", msg.drop, ev.t);
	}
	int wi = m.wait_of(e);
	if (wi >= 0) {
		const Wait &w = m.waits()[wi];
		section("coroutine wait");
		jump(v, m, "suspended", w.suspend, ev.t);
		jump(v, m, "resumed", w.resume, ev.t);
		if (w.call >= 0) {
			const Call &c = m.calls()[w.call];
			ImGui::Text("call %s -> %s, session %d", m.service_label(c.caller).c_str(), m.service_label(c.callee).c_str(), c.session);
			if (c.request >= 0)
				jump(v, m, "request", m.messages()[c.request].push, ev.t);
			if (c.response >= 0)
				jump(v, m, "RESPONSE", m.messages()[c.response].push, ev.t);
		}
	}
	if (ev.sock >= 0 || (mi >= 0 && m.messages()[mi].fwd != NO_EVENT) || ev.kind == Kind::co_resume) {
		SocketClimb c = m.socket_climb(e);
		if (c.poll != NO_EVENT) {
			section("socket climb");
			jump(v, m, "OS / socket_server", c.poll, ev.t);
			jump(v, m, "skynet_socket", c.fwd, ev.t);
			jump(v, m, "dispatch", c.begin, ev.t);
			jump(v, m, "socket.lua", c.lua, ev.t);
			jump(v, m, "coroutine", c.resume, ev.t);
			if (c.proto != NO_EVENT)   // http, websocket or login: the protocol the bytes made
				jump(v, m, "protocol", c.proto, ev.t);
			frame_report().climb_list = std::string("poll fwd dispatch lua coroutine") + (c.proto != NO_EVENT ? " protocol" : "");
		}
	}
	if (std::string tag = trace_tag_of(m, e, mi); !tag.empty()) {
		section("skynet.trace");
		ImGui::Text("tag %s", tag.c_str());
		const std::vector<EventId> &steps = trace_steps(m, tag);
		frame_report().trace_tag = tag;
		frame_report().trace_steps = steps.size();
		size_t shown = 0;
		for (EventId x : steps) {
			if (shown++ == 40) {
				ImGui::TextDisabled("... %zu steps in all", steps.size());
				break;
			}
			ImGui::PushID(int(x));
			std::string what = m.service_label(m.event(x).h) + "  " + log_text(m, x);
			if (ImGui::Selectable(what.c_str(), x == v.selected))
				view_select(v, m, x);
			ImGui::PopID();
		}
	}
	section("line");
	std::string_view raw = m.raw(e);
	ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.7f, 0.7f, 0.75f, 1));
	ImGui::TextWrapped("%.*s", int(raw.size()), raw.data());
	ImGui::PopStyleColor();
}
