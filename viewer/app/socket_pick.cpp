// socket_pick: the socket chooser shared by the socket-layers and netpack panels.
#include "viewer/app/socket_pick.h"

#include <imgui.h>

int socket_pick(ViewState &v, const TraceModel &m, const char *id)
{
	if (m.sockets().empty()) {
		ImGui::TextDisabled("no socket events in this trace");
		return -1;
	}
	int si = m.socket_index(v.socket);
	if (si < 0)
		si = 0;
	const Socket &cur = m.sockets()[si];
	char label[64];
	std::snprintf(label, sizeof label, "sock %d (%s)", cur.sock, m.service_label(cur.owner).c_str());
	ImGui::SetNextItemWidth(220);
	if (ImGui::BeginCombo(id, label)) {
		for (size_t i = 0; i < m.sockets().size(); i++) {
			const Socket &s = m.sockets()[i];
			std::snprintf(label, sizeof label, "sock %d (%s)##%zu", s.sock, m.service_label(s.owner).c_str(), i);
			if (ImGui::Selectable(label, int(i) == si))
				v.socket = s.sock, si = int(i);
		}
		ImGui::EndCombo();
	}
	return si;
}
